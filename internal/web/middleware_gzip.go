package web

import (
	"compress/gzip"
	"net/http"
	"strings"
	"sync"

	"github.com/dailypapers/dailypapers/internal/negotiate"
)

// compressionLevel is the gzip level of dynamic responses (see compress).
const compressionLevel = 3

// compressible reports whether a content type is text that gzip shrinks.
func compressible(contentType string) bool {
	t, _, _ := strings.Cut(contentType, ";")
	t = strings.TrimSpace(strings.ToLower(t))
	switch {
	case strings.HasPrefix(t, "text/"):
		return true
	case strings.HasSuffix(t, "+json"), strings.HasSuffix(t, "+xml"):
		return true // feed+json, rss+xml, atom+xml, svg+xml
	}
	switch t {
	case "application/json", "application/xml", "application/javascript", "application/x-javascript":
		return true
	}
	return false
}

// compress gzips text responses for clients that accept it. Whether to
// compress is decided when the handler writes its header, from the content
// type it set; a response already encoded (a precompressed asset) is left alone.
//
// Level 3, not gzip's default 6: a 77 kB JSON answer takes 0.69 ms to
// compress to 17.4 kB instead of 1.33 ms to 16.3 kB. Cached pages pay it
// once, but every search is new, and at the default compressing was a sixth
// of a search's CPU.
func compress(next http.Handler) http.Handler {
	pool := &sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(nil, compressionLevel); return w }}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gw := &gzipWriter{ResponseWriter: w, accepts: negotiate.AcceptsGzip(r.Header), pool: pool}
		defer gw.close()
		next.ServeHTTP(gw, r)
	})
}

type gzipWriter struct {
	http.ResponseWriter
	accepts bool
	pool    *sync.Pool
	decided bool
	zw      *gzip.Writer
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decide(code)
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) decide(code int) {
	g.decided = true
	h := g.Header()
	if h.Get("Content-Encoding") != "" || !compressible(h.Get("Content-Type")) {
		return
	}
	h.Add("Vary", "Accept-Encoding") // caches must keep both forms apart
	if !g.accepts || code < 200 || code == http.StatusNoContent || code == http.StatusNotModified {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	g.zw = g.pool.Get().(*gzip.Writer)
	g.zw.Reset(g.ResponseWriter)
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.decided {
		if g.Header().Get("Content-Type") == "" {
			g.Header().Set("Content-Type", http.DetectContentType(p))
		}
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(p)
	}
	return g.ResponseWriter.Write(p)
}

// Flush sends what is compressed so far, for handlers that stream.
func (g *gzipWriter) Flush() {
	if g.zw != nil {
		g.zw.Flush()
	}
	http.NewResponseController(g.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func (g *gzipWriter) close() {
	if g.zw == nil {
		return
	}
	g.zw.Close()
	g.zw.Reset(nil)
	g.pool.Put(g.zw)
	g.zw = nil
}
