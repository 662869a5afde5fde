package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

func newSite(t *testing.T, dsn string, days ...string) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ny, _ := time.LoadLocation("America/New_York")
	for _, day := range days {
		f, err := os.Open("../../testdata/hf/daily_papers/daily_papers-" + day + ".json")
		if err != nil {
			t.Fatal(err)
		}
		_, err = importer.Import(ctx, s, f.Name(), f, -1, importer.Options{FeedDay: day, Location: ny})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	site, err := web.New(s, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(site.Handler())
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestSite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := newSite(t, dsn, "2026-06-03", "2026-08-21")
		if code, body := get(t, srv.URL+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
			t.Errorf("/healthz = %d %q", code, body)
		}
		code, home := get(t, srv.URL+"/")
		if code != 200 || !strings.Contains(home, "2026-08-21") {
			t.Fatalf("/ = %d, want the latest day 2026-08-21:\n%.500s", code, home)
		}
		if n := strings.Count(home, "<article>"); n != 17 {
			t.Errorf("/ shows %d papers, want the day's 17", n)
		}
		code, day := get(t, srv.URL+"/papers/date/2026-06-03")
		if code != 200 || strings.Count(day, "<article>") != 23 {
			t.Errorf("/papers/date/2026-06-03 = %d with %d papers, want 23", code, strings.Count(day, "<article>"))
		}
		if code, body := get(t, srv.URL+"/papers/date/2026-06-04"); code != 200 || !strings.Contains(body, "No papers") {
			t.Errorf("empty day = %d", code)
		}
		if code, _ := get(t, srv.URL+"/papers/date/not-a-day"); code != 400 {
			t.Errorf("bad day = %d, want 400", code)
		}
		if code, _ := get(t, srv.URL+"/nowhere"); code != 404 {
			t.Errorf("unknown path = %d, want 404", code)
		}
	})
}

func TestEmptySite(t *testing.T) {
	srv := newSite(t, storetest.DSN(t, "sqlite"))
	if code, body := get(t, srv.URL+"/"); code != 200 || !strings.Contains(body, "No papers here yet") {
		t.Errorf("/ on an empty site = %d:\n%s", code, body)
	}
}

func TestUpvoteOrder(t *testing.T) {
	srv := newSite(t, storetest.DSN(t, "sqlite"), "2026-08-21")
	_, home := get(t, srv.URL+"/")
	// The day is ordered by upvotes, most first.
	votes := regexp.MustCompile(`<p>(\d+) upvotes?`).FindAllStringSubmatch(home, -1)
	if len(votes) != 17 {
		t.Fatalf("found %d upvote counts, want 17", len(votes))
	}
	last := 1 << 30
	for _, m := range votes {
		n, _ := strconv.Atoi(m[1])
		if n > last {
			t.Fatalf("upvotes not descending: %d after %d", n, last)
		}
		last = n
	}
}
