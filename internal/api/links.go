package api

import (
	"net/http"
	"net/url"
)

// origin is the site's origin for absolute links: Options.BaseURL, or the
// request's own (behind a proxy, X-Forwarded-Proto says the scheme).
func (a *API) origin(r *http.Request) string {
	if a.opts.BaseURL != "" {
		return a.opts.BaseURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "http" || p == "https" {
		scheme = p
	}
	return scheme + "://" + r.Host
}

// setNext sets the Link header to the request's URL with key set to value:
// the next page, as Hugging Face and GitHub give it.
func (a *API) setNext(w http.ResponseWriter, r *http.Request, key, value string) {
	q := r.URL.Query()
	q.Set(key, value)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", "<"+a.origin(r)+u.RequestURI()+`>; rel="next"`)
}
