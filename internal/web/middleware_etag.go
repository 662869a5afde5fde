package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"time"

	"github.com/dailypapers/dailypapers/internal/httpcache"
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
//
// A held response without Last-Modified gets lastModified(r), when that is
// not zero, so that clients which only send If-Modified-Since (many feed
// readers) get 304s too.
func conditional(next http.Handler, lastModified func(*http.Request) time.Time) http.Handler {
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
		if cw.Header().Get("Last-Modified") == "" {
			if t := lastModified(r); !t.IsZero() {
				cw.Header().Set("Last-Modified", t.UTC().Format(http.TimeFormat))
			}
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
	if httpcache.NotModified(r, etag, h.Get("Last-Modified")) {
		httpcache.WriteNotModified(c.ResponseWriter)
		return
	}
	h.Set("Content-Length", strconv.Itoa(c.buf.Len()))
	c.ResponseWriter.WriteHeader(http.StatusOK)
	c.ResponseWriter.Write(c.buf.Bytes())
}
