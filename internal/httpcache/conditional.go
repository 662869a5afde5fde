package httpcache

import (
	"net/http"
	"strings"
	"time"
)

// NotModified reports whether a request's validators match a 200 response
// with etag and lastModified (either may be empty): If-None-Match when the
// request has one, else If-Modified-Since (RFC 9110, section 13.2.2).
func NotModified(r *http.Request, etag, lastModified string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etag != "" && etagListMatches(inm, etag)
	}
	ims := r.Header.Get("If-Modified-Since")
	if ims == "" || lastModified == "" {
		return false
	}
	since, err1 := http.ParseTime(ims)
	mod, err2 := http.ParseTime(lastModified)
	return err1 == nil && err2 == nil && !mod.Truncate(time.Second).After(since)
}

// WriteNotModified answers 304: the validators and caching headers stay,
// the headers that describe a body go.
func WriteNotModified(w http.ResponseWriter) {
	for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
		w.Header().Del(k)
	}
	w.WriteHeader(http.StatusNotModified)
}

// etagListMatches is the weak comparison If-None-Match asks for: "*", or any
// listed tag equal to ours once a W/ prefix is set aside.
func etagListMatches(list, etag string) bool {
	etag = strings.TrimPrefix(etag, "W/")
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
