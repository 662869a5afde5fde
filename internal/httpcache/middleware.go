package httpcache

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/negotiate"
	// Named so: the package's tests have a type called site.
	sitehttp "github.com/dailypapers/dailypapers/internal/site"
)

// response is a whole recorded response.
type response struct {
	status int
	header http.Header
	body   []byte
}

// Middleware serves cacheable requests from the cache and records the
// responses of the others. Cacheable: GET or HEAD, and not personal (see
// personal). Only 200 answers that set no cookie and allow storing are
// kept. The key includes whether the client takes gzip, read by the same
// parser as the compressing middleware's, since the body differs.
func (c *Cache) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method != http.MethodGet && r.Method != http.MethodHead) || c.personal(r) {
			next.ServeHTTP(w, r)
			return
		}
		// The scheme is in the key: absolute links in a page start with it.
		key := r.Method + " " + sitehttp.Scheme(r) + "://" + r.Host + r.URL.RequestURI()
		if negotiate.AcceptsGzip(r.Header) {
			key += " gzip"
		}
		// X-Cache tells operators (and tests) whether the cache answered,
		// and "stale" that it did while the data could not be read.
		if resp, stale := c.get(key); resp != nil {
			w.Header().Set("X-Cache", "hit")
			if stale {
				w.Header().Set("X-Cache", "stale")
			}
			resp.writeTo(w, r)
			return
		}
		w.Header().Set("X-Cache", "miss")
		resp := c.make(key, next, r)
		resp.writeTo(w, r)
	})
}

// personal reports whether a request may be answered for its sender alone:
// it carries credentials (Authorization) or the session cookie. Other
// cookies (a proxy's, an analytics script's) change nothing the site
// renders, so they do not cost a request the cache.
func (c *Cache) personal(r *http.Request) bool {
	if r.Header.Get("Authorization") != "" {
		return true
	}
	if c.opts.SessionCookie == "" {
		return r.Header.Get("Cookie") != ""
	}
	_, err := r.Cookie(c.opts.SessionCookie)
	return err == nil
}

// renderLimit bounds a render whose request has no deadline of its own.
const renderLimit = 30 * time.Second

// make renders the response once for all concurrent requests of key.
func (c *Cache) make(key string, next http.Handler, r *http.Request) *response {
	c.mu.Lock()
	if cl, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-cl.done:
			return cl.resp
		case <-r.Context().Done():
			return &response{status: 499}
		}
	}
	cl := &call{done: make(chan struct{})}
	c.inflight[key] = cl
	c.mu.Unlock()

	v := c.current.Load()
	// Render the full answer: conditional headers are answered from it below.
	// The answer is shared by every request waiting on it and by the cache,
	// so the client that asked first hanging up must not end it: the site's
	// handlers write nothing for a client that is gone, and that nothing
	// would be served to the others as an empty page. The request's
	// deadline, if it has one, still bounds the render.
	deadline, ok := r.Context().Deadline()
	if !ok {
		deadline = time.Now().Add(renderLimit)
	}
	ctx, cancel := context.WithDeadline(context.WithoutCancel(r.Context()), deadline)
	defer cancel()
	inner := r.Clone(ctx)
	inner.Header.Del("If-None-Match")
	inner.Header.Del("If-Modified-Since")
	rec := &recorder{header: http.Header{}, status: http.StatusOK}
	next.ServeHTTP(rec, inner)
	cl.resp = &response{status: rec.status, header: rec.header, body: rec.buf.Bytes()}
	if rec.wrote && cl.resp.cacheable() {
		c.put(key, v, cl.resp)
	}
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(cl.done)
	return cl.resp
}

func (resp *response) cacheable() bool {
	cc := resp.header.Get("Cache-Control")
	return resp.status == http.StatusOK && resp.header.Get("Set-Cookie") == "" &&
		!strings.Contains(cc, "no-store") && !strings.Contains(cc, "private")
}

// writeTo sends the response, answering a matching If-None-Match or
// If-Modified-Since with 304.
func (resp *response) writeTo(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	if resp.status == http.StatusOK && NotModified(r, resp.header.Get("ETag"), resp.header.Get("Last-Modified")) {
		WriteNotModified(w)
		return
	}
	w.WriteHeader(resp.status)
	if r.Method != http.MethodHead {
		w.Write(resp.body)
	}
}

// recorder captures a response.
type recorder struct {
	header http.Header
	status int
	wrote  bool
	buf    bytes.Buffer
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}

func (r *recorder) Write(p []byte) (int, error) {
	r.wrote = true
	return r.buf.Write(p)
}
