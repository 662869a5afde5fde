package httpcache

import (
	"context"
	"net/http"
	"net/http/httptest"
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
