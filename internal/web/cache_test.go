package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// TestCachedPagesFollowTheData serves pages from the response cache and
// checks that a write by another store (another process, in life) shows
// on the page within the cache's polling interval.
func TestCachedPagesFollowTheData(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		s, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		day := func(id, title string) store.Item {
			at := time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC)
			return store.Item{Paper: paper.Paper{ID: id, Title: title, PublishedAt: at},
				Entry: &paper.Entry{Day: "2026-08-21", SubmittedAt: at, Upvotes: 1}}
		}
		if _, err := s.Import(ctx, []store.Item{day("2608.00001", "First paper")}); err != nil {
			t.Fatal(err)
		}
		site, err := web.New(s, slog.New(slog.DiscardHandler), web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		go site.Run(ctx)
		srv := httptest.NewServer(site.Handler())
		defer srv.Close()
		var cacheState string
		page := func() string {
			resp, err := http.Get(srv.URL + "/papers/date/2026-08-21")
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			cacheState = resp.Header.Get("X-Cache")
			return string(b)
		}
		deadline := time.Now().Add(10 * time.Second)
		for cacheState != "hit" {
			if !strings.Contains(page(), "First paper") {
				t.Fatal("the day page lacks its paper")
			}
			if time.Now().After(deadline) {
				t.Fatal("the day page is never served from the cache")
			}
			time.Sleep(50 * time.Millisecond)
		}
		other, err := store.Open(ctx, dsn, store.Options{}) // another writer
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		if _, err := other.Import(ctx, []store.Item{day("2608.00002", "Second paper")}); err != nil {
			t.Fatal(err)
		}
		deadline = time.Now().Add(10 * time.Second)
		for !strings.Contains(page(), "Second paper") {
			if time.Now().After(deadline) {
				t.Fatal("a change by another writer never reached the cached page")
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
}
