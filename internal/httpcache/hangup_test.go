package httpcache

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// TestCacheLeaderHangsUp: the request that renders a page for everyone
// waiting on it hangs up mid-render. The site's handlers then write nothing
// (nobody reads a 499), and that nothing must reach neither the requests
// waiting on the render nor the cache: they get the page.
func TestCacheLeaderHangsUp(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := newCache(s, &now)
	started, gate := make(chan struct{}), make(chan struct{})
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Leader") != "" {
			close(started)
			<-gate
		}
		if r.Context().Err() != nil {
			return // as site.Status's 499: the client is gone, nothing is written
		}
		s.handler().ServeHTTP(w, r)
	}))

	ctx, hangUp := context.WithCancel(context.Background())
	leader := httptest.NewRequest("GET", "/busy", nil).WithContext(ctx)
	leader.Header.Set("X-Leader", "1")
	leaderDone := make(chan struct{})
	go func() { defer close(leaderDone); h.ServeHTTP(httptest.NewRecorder(), leader) }()
	<-started
	follower := make(chan *httptest.ResponseRecorder, 1)
	go func() { follower <- get(h, "/busy") }()
	hangUp()
	close(gate)
	<-leaderDone
	for i, w := range []*httptest.ResponseRecorder{<-follower, get(h, "/busy")} {
		if w.Code != http.StatusOK || w.Body.Len() == 0 {
			t.Errorf("request %d after the renderer hung up: %d with %d bytes (X-Cache %s), want the page",
				i+1, w.Code, w.Body.Len(), w.Header().Get("X-Cache"))
		}
	}
}

// TestCacheRenderKeepsDeadline: the render no longer ends with its client,
// but it still ends with the request's deadline (the site's budget for
// waiting on the database).
func TestCacheRenderKeepsDeadline(t *testing.T) {
	s := &site{}
	now := time.Now()
	c := newCache(s, &now)
	h := c.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done() // a database that does not answer
		http.Error(w, "the database did not answer", http.StatusServiceUnavailable)
	}))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	done := make(chan *httptest.ResponseRecorder, 1)
	go func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest("GET", "/stuck", nil).WithContext(ctx))
		done <- w
	}()
	select {
	case w := <-done:
		if w.Code != http.StatusServiceUnavailable {
			t.Errorf("status %d, want the handler's 503", w.Code)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the render outlived the request's deadline")
	}
}

// TestCacheServesStaleWhileVersionHangs: a database that does not answer
// at all (frozen, not refusing) is away too: reading the version gives up
// and cached answers are served stale, rather than every page waiting for
// their age to run out and then for the database.
func TestCacheServesStaleWhileVersionHangs(t *testing.T) {
	s := &site{}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	var frozen atomic.Bool
	c := New(func(ctx context.Context) (int64, error) {
		if frozen.Load() {
			<-ctx.Done()
			return 0, ctx.Err()
		}
		return s.version.Load(), nil
	}, Options{Now: func() time.Time { return now }, VersionTimeout: 10 * time.Millisecond})
	c.Refresh(context.Background())
	h := c.Middleware(s.handler())
	first := get(h, "/papers/date/2026-11-27").Body.String()

	frozen.Store(true)
	refreshed := make(chan struct{})
	go func() { defer close(refreshed); c.Refresh(context.Background()) }()
	select {
	case <-refreshed:
	case <-time.After(10 * time.Second):
		t.Fatal("Refresh is still waiting for a database that does not answer")
	}
	now = now.Add(time.Hour) // far beyond MaxAge
	w := get(h, "/papers/date/2026-11-27")
	if w.Body.String() != first || w.Header().Get("X-Cache") != "stale" {
		t.Errorf("while the version read hangs: X-Cache %q, %q; want the cached answer, stale", w.Header().Get("X-Cache"), w.Body.String())
	}
}
