package api

import (
	"net/http"
	"net/url"

	"github.com/dailypapers/dailypapers/internal/site"
)

// setNext sets the Link header to the request's URL with key set to value:
// the next page, as Hugging Face and GitHub give it.
func (a *API) setNext(w http.ResponseWriter, r *http.Request, key, value string) {
	q := r.URL.Query()
	q.Set(key, value)
	u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
	w.Header().Set("Link", "<"+site.Origin(a.opts.BaseURL, r)+u.RequestURI()+`>; rel="next"`)
}
