package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// conditional answers GET and HEAD requests for pages, feeds and the API with
// a strong ETag, the hash of the bytes sent, and turns a matching
// If-None-Match (or, for a handler that set Last-Modified, a not-older
// If-Modified-Since) into a 304 without a body. It holds a 200 response
// until the handler returns to hash it; every other status, and a handler
// that set its own ETag (static assets), passes straight through. A response
// without Cache-Control gets "no-cache": keep it, but ask again each time,
// which the ETag makes cheap.
//
// It sits outside compress, so the gzip and identity forms of a page carry
// different ETags, as strong validators of different bytes must.
func conditional(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			next.ServeHTTP(w, r)
			return
		}
		cw := &etagWriter{ResponseWriter: w}
		next.ServeHTTP(cw, r)
		if cw.passing {
			return
		}
		cw.finish(r)
	})
}

type etagWriter struct {
	http.ResponseWriter
	started bool // WriteHeader called
	passing bool // not ours to hold: writes go straight through
	buf     bytes.Buffer
}

func (c *etagWriter) WriteHeader(code int) {
	if c.started {
		return
	}
	c.started = true
	if code != http.StatusOK || c.Header().Get("ETag") != "" {
		c.passing = true
		c.ResponseWriter.WriteHeader(code)
	}
}

func (c *etagWriter) Write(p []byte) (int, error) {
	if !c.started {
		c.WriteHeader(http.StatusOK)
	}
	if c.passing {
		return c.ResponseWriter.Write(p)
	}
	return c.buf.Write(p)
}

// Flush passes through only once the response is not held.
func (c *etagWriter) Flush() {
	if c.passing {
		http.NewResponseController(c.ResponseWriter).Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (c *etagWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }

func (c *etagWriter) finish(r *http.Request) {
	h := c.Header()
	sum := sha256.Sum256(c.buf.Bytes())
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h.Set("ETag", etag)
	if h.Get("Cache-Control") == "" {
		h.Set("Cache-Control", "no-cache")
	}
	if notModified(r, etag, h.Get("Last-Modified")) {
		for _, k := range []string{"Content-Type", "Content-Length", "Content-Encoding"} {
			h.Del(k)
		}
		c.ResponseWriter.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Length", strconv.Itoa(c.buf.Len()))
	c.ResponseWriter.WriteHeader(http.StatusOK)
	c.ResponseWriter.Write(c.buf.Bytes())
}

// notModified evaluates If-None-Match and, only when it is absent,
// If-Modified-Since (RFC 9110, section 13.2.2).
func notModified(r *http.Request, etag, lastModified string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return etagListMatches(inm, etag)
	}
	ims, lm := r.Header.Get("If-Modified-Since"), lastModified
	if ims == "" || lm == "" {
		return false
	}
	since, err1 := http.ParseTime(ims)
	mod, err2 := http.ParseTime(lm)
	return err1 == nil && err2 == nil && !mod.Truncate(time.Second).After(since)
}

// etagListMatches is the weak comparison If-None-Match asks for: "*", or any
// listed tag equal to ours once a W/ prefix is set aside.
func etagListMatches(list, etag string) bool {
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}
