package httpcache

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// site counts how often the handler really ran.
type site struct {
	calls   atomic.Int64
	version atomic.Int64
}

func (s *site) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := s.calls.Add(1)
		switch r.URL.Path {
		case "/cookie":
			http.SetCookie(w, &http.Cookie{Name: "a", Value: "b"})
		case "/missing":
			http.NotFound(w, r)
			return
		case "/private":
			w.Header().Set("Cache-Control", "private")
		}
		w.Header().Set("ETag", `"v`+fmt.Sprint(s.version.Load())+`"`)
		w.Header().Set("Last-Modified", "Wed, 25 Nov 2026 10:00:00 GMT")
		fmt.Fprintf(w, "render %d at version %d", n, s.version.Load())
	})
}

func newCache(s *site, now *time.Time) *Cache {
	c := New(func(context.Context) (int64, error) { return s.version.Load(), nil }, Options{Now: func() time.Time { return *now }})
	c.Refresh(context.Background())
	return c
}

func get(h http.Handler, path string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	return w
}

func TestCacheServesUntilDataChanges(t *testing.T) {
	s := &site{}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	c := newCache(s, &now)
	h := c.Middleware(s.handler())
	first := get(h, "/papers/date/2026-11-27").Body.String()
	if second := get(h, "/papers/date/2026-11-27").Body.String(); second != first || s.calls.Load() != 1 {
		t.Fatalf("second request rendered again: %q vs %q (%d renders)", first, second, s.calls.Load())
	}
	// Another process writes: the version moves, and after the next poll the page is rendered anew.
	s.version.Add(1)
	c.Refresh(context.Background())
	if got := get(h, "/papers/date/2026-11-27").Body.String(); got == first || s.calls.Load() != 2 {
		t.Errorf("after a data change: %q (%d renders)", got, s.calls.Load())
	}
	// Time-dependent pages expire.
	now = now.Add(31 * time.Second)
	get(h, "/papers/date/2026-11-27")
	if s.calls.Load() != 3 {
		t.Errorf("an entry older than MaxAge was served (%d renders)", s.calls.Load())
	}
}

func TestCacheKeysAndBypass(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := newCache(s, &now)
	h := c.Middleware(s.handler())
	steps := []struct {
		path   string
		header []string
		want   int64 // renders after the step
	}{
		{"/a", nil, 1},
		{"/a", []string{"Accept-Encoding", "gzip"}, 2}, // another encoding, another entry
		{"/a?x=1", nil, 3},
		{"/a", []string{"Cookie", "session=1"}, 4}, // a signed-in reader's page is not shared
		{"/a", []string{"Authorization", "Bearer x"}, 5},
		{"/cookie", nil, 6}, {"/cookie", nil, 7}, // responses that set cookies are not kept
		{"/missing", nil, 8}, {"/missing", nil, 9}, // nor errors
		{"/private", nil, 10}, {"/private", nil, 11},
		{"/a", nil, 11},
	}
	for i, st := range steps {
		get(h, st.path, st.header...)
		if got := s.calls.Load(); got != st.want {
			t.Errorf("step %d (%s %v): %d renders, want %d", i, st.path, st.header, got, st.want)
		}
	}
}

// TestCacheSessionCookie: with the session cookie named, only that cookie
// (or Authorization) bypasses the cache; other cookies are served from it.
// A refusal of gzip shares the plain entry.
func TestCacheSessionCookie(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := New(func(context.Context) (int64, error) { return s.version.Load(), nil },
		Options{Now: func() time.Time { return now }, SessionCookie: "dp_session"})
	c.Refresh(context.Background())
	h := c.Middleware(s.handler())
	steps := []struct {
		header []string
		want   int64 // renders after the step
	}{
		{nil, 1},
		{[]string{"Cookie", "_ga=GA1.2.3; theme=dark"}, 1},
		{[]string{"Cookie", "dp_session_old=x"}, 1}, // names are whole
		{[]string{"Cookie", "theme=dark; dp_session=secret"}, 2},
		{[]string{"Authorization", "Bearer x"}, 3},
		{[]string{"Accept-Encoding", "gzip;q=0"}, 3},
		{[]string{"Accept-Encoding", "x-gzip"}, 4},
		{[]string{"Accept-Encoding", "gzip"}, 4},
	}
	for i, st := range steps {
		get(h, "/a", st.header...)
		if got := s.calls.Load(); got != st.want {
			t.Errorf("step %d (%v): %d renders, want %d", i, st.header, got, st.want)
		}
	}
}

func TestCacheConditionalRequests(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := newCache(s, &now)
	h := c.Middleware(s.handler())
	etag := get(h, "/a").Header().Get("ETag")
	for range 2 {
		w := get(h, "/a", "If-None-Match", etag)
		if w.Code != http.StatusNotModified || w.Body.Len() != 0 {
			t.Errorf("If-None-Match %s: %d with %d bytes, want 304 and no body", etag, w.Code, w.Body.Len())
		}
	}
	if w := get(h, "/b", "If-None-Match", `"other"`); w.Code != 200 || w.Body.Len() == 0 {
		t.Errorf("a miss with a stale ETag = %d", w.Code)
	}
	// A cached answer takes If-Modified-Since as well.
	if w := get(h, "/a", "If-Modified-Since", "Wed, 25 Nov 2026 10:00:00 GMT"); w.Code != http.StatusNotModified || w.Body.Len() != 0 {
		t.Errorf("If-Modified-Since the Last-Modified: %d with %d bytes, want 304", w.Code, w.Body.Len())
	}
	if w := get(h, "/a", "If-Modified-Since", "Tue, 24 Nov 2026 10:00:00 GMT"); w.Code != 200 || w.Body.Len() == 0 {
		t.Errorf("If-Modified-Since a day earlier = %d, want 200", w.Code)
	}
}

func TestCacheRendersOnceForConcurrentMisses(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := newCache(s, &now)
	gate := make(chan struct{})
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-gate
		s.handler().ServeHTTP(w, r)
	})
	h := c.Middleware(slow)
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() { defer wg.Done(); get(h, "/busy") }()
	}
	time.Sleep(50 * time.Millisecond) // let the requests queue behind the first
	close(gate)
	wg.Wait()
	if n := s.calls.Load(); n != 1 {
		t.Errorf("20 concurrent misses rendered %d times, want 1", n)
	}
}

func TestCacheBoundedAndUnknownVersion(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := New(func(context.Context) (int64, error) { return 0, nil }, Options{MaxBytes: 2000, Now: func() time.Time { return now }})
	c.Refresh(context.Background())
	h := c.Middleware(s.handler())
	for i := range 100 {
		get(h, fmt.Sprintf("/p/%d", i))
	}
	if c.bytes > 2000 || c.Len() == 0 || c.Len() >= 100 {
		t.Errorf("cache holds %d entries, %d bytes; want some, within 2000 bytes", c.Len(), c.bytes)
	}
	failing := New(func(context.Context) (int64, error) { return 0, fmt.Errorf("database away") }, Options{})
	failing.Refresh(context.Background())
	h = failing.Middleware(s.handler())
	before := s.calls.Load()
	get(h, "/x")
	get(h, "/x")
	if s.calls.Load() != before+2 {
		t.Error("served from cache while the data version could not be read")
	}
}
