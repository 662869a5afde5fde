package web_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// TestConcurrentSearchesDoNotStall sends searches, day pages, paper pages
// and API searches from 64 clients at once to a freshly started site, far
// more than the store's pools have connections. Four concurrent searches
// once stalled the server until their requests timed out: each held a
// pooled reader and waited for another. Every request must be answered.
func TestConcurrentSearchesDoNotStall(t *testing.T) {
	const day = "2026-08-21"
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
		defer cancel()
		s, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		storetest.ImportFile(t, s, storetest.HFDay(day), importer.Options{FeedDay: day})
		es, err := s.DayEntries(ctx, day)
		if err != nil || len(es) == 0 {
			t.Fatalf("DayEntries = %d, %v", len(es), err)
		}
		var paths []string
		for i, e := range es {
			word := strings.Fields(e.Paper.Title)[0]
			// Distinct query strings: each request is rendered, none
			// served from the response cache.
			for j := range 4 {
				n := fmt.Sprint(i*4 + j)
				paths = append(paths,
					"/papers?q="+url.QueryEscape(word+" "+e.Paper.Authors[0].Name)+"&n="+n,
					"/api/papers/search?q="+url.QueryEscape(word)+"&n="+n,
					"/papers/date/"+day+"?n="+n,
					"/papers/"+e.Paper.ID+"?n="+n)
			}
		}
		site, err := web.New(s, slog.New(slog.DiscardHandler), web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		go site.Run(ctx)
		srv := httptest.NewServer(site.Handler())
		defer srv.Close()

		const clients, each = 64, 10
		errs := make(chan error, clients)
		var wg sync.WaitGroup
		for c := range clients {
			wg.Go(func() {
				for i := range each {
					path := paths[(c*each+i)%len(paths)]
					if err := get(ctx, srv.URL+path); err != nil {
						errs <- fmt.Errorf("client %d: %w", c, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}

// TestNoPageHoldsTwoConnections serves every kind of public page, feed and
// API answer from a store with one connection a pool: a handler or a store
// function that asks for a second connection while it holds one waits here
// until the deadline, on every request, not only under load.
func TestNoPageHoldsTwoConnections(t *testing.T) {
	const day = "2026-08-21"
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		s, err := store.Open(ctx, dsn, store.Options{MaxConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		storetest.ImportFile(t, s, storetest.HFDay(day), importer.Options{FeedDay: day})
		es, err := s.DayEntries(ctx, day)
		if err != nil || len(es) == 0 {
			t.Fatalf("DayEntries = %d, %v", len(es), err)
		}
		id, word := es[0].Paper.ID, url.QueryEscape(strings.Fields(es[0].Paper.Title)[0])
		site, err := web.New(s, slog.New(slog.DiscardHandler), web.Options{})
		if err != nil {
			t.Fatal(err)
		}
		srv := httptest.NewServer(site.Handler())
		defer srv.Close()
		for _, path := range []string{
			"/", "/papers", "/papers/date/" + day, "/papers/week/2026-W34", "/papers/month/2026-08", "/papers/trending",
			"/papers/" + id, "/papers/" + id + ".md", "/papers?q=" + word, "/papers?q=" + word + "&page=2",
			"/feeds/latest/rss", "/feeds/date/" + day + "/atom", "/feeds/trending/json", "/feeds/search/rss?q=" + word,
			"/api/daily_papers?date=" + day, "/api/daily_papers?week=2026-W34&sort=trending", "/api/papers/" + id,
			"/api/papers/" + id + "?field=comments", "/api/papers/search?q=" + word, "/api/papers?limit=5",
		} {
			if err := get(ctx, srv.URL+path); err != nil {
				t.Errorf("one connection a pool: %v", err)
			}
		}
	})
}

// get fetches a URL and wants 200.
func get(ctx context.Context, u string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return nil
}
