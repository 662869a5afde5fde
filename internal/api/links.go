package api

import (
	"net/http"
	"net/url"

	"github.com/dailypapers/dailypapers/internal/site"
)

// setNext sets the Link header to the next page, as Hugging Face and
// GitHub give it: the request's URL with key set to value. Of the request's
// parameters it keeps those named in params, the ones the list reads: the
// others (a thousand junk parameters) would make a header no proxy takes.
func (a *API) setNext(w http.ResponseWriter, r *http.Request, params []string, key, value string) {
	src, q := r.URL.Query(), url.Values{}
	for _, p := range params {
		if v := src.Get(p); v != "" {
			q.Set(p, v)
		}
	}
	q.Set(key, value)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", "<"+site.Origin(a.opts.BaseURL, r)+u.RequestURI()+`>; rel="next"`)
}
