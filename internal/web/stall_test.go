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
