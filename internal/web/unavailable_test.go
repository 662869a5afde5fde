package web_test

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// TestDatabaseDown takes the database away from a running site, for real:
// on PostgreSQL the store's own login role is refused new sessions and its
// sessions are terminated; on SQLite the store is closed. Pages and API
// answers already cached are served as they were, marked stale; the rest
// answer 503 with Retry-After, not 500. On PostgreSQL the role is let in
// again, and the site recovers without a restart.
func TestDatabaseDown(t *testing.T) {
	const day = "2026-08-21"
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			var dsn string
			var down, up func()
			if kind == "postgres" {
				dsn, down, up = breakablePostgres(t)
			} else {
				dsn = storetest.DSN(t, kind)
			}
			s, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if kind == "sqlite" {
				down = func() { s.Close() }
			}
			storetest.ImportFile(t, s, storetest.HFDay(day), importer.Options{FeedDay: day})
			es, err := s.DayEntries(ctx, day)
			if err != nil || len(es) == 0 {
				t.Fatalf("DayEntries = %d, %v", len(es), err)
			}
			site, err := web.New(s, slog.New(slog.DiscardHandler), web.Options{})
			if err != nil {
				t.Fatal(err)
			}
			go site.Run(ctx)
			srv := httptest.NewServer(site.Handler())
			defer srv.Close()

			cached := []string{"/papers/date/" + day, "/api/daily_papers?date=" + day}
			bodies := map[string]string{}
			for _, path := range cached {
				// Until the cache has read the data version, answers are
				// not kept; then the second request is a hit.
				waitFor(ctx, t, srv.URL+path, func(r fetched) bool { return r.code == 200 && r.cache == "hit" })
				bodies[path] = fetch(ctx, t, srv.URL+path).body
			}

			down()
			for _, path := range cached {
				r := waitFor(ctx, t, srv.URL+path, func(r fetched) bool { return r.cache == "stale" })
				if r.code != 200 || r.body != bodies[path] {
					t.Errorf("GET %s with the database down = %d, X-Cache %q; want the cached answer", path, r.code, r.cache)
				}
			}
			for _, path := range []string{"/papers/" + es[0].Paper.ID, "/papers?q=" + url.QueryEscape(strings.Fields(es[0].Paper.Title)[0]),
				"/api/papers/" + es[0].Paper.ID, "/api/daily_papers?date=" + day + "&limit=3"} {
				r := fetch(ctx, t, srv.URL+path)
				if r.code != http.StatusServiceUnavailable || r.retryAfter == "" {
					t.Errorf("GET %s with the database down = %d, Retry-After %q; want 503 with Retry-After", path, r.code, r.retryAfter)
				}
				if strings.HasPrefix(path, "/api/") {
					var body struct{ Error string }
					if err := json.Unmarshal([]byte(r.body), &body); err != nil || body.Error == "" {
						t.Errorf("GET %s with the database down: body %q is not a JSON error", path, r.body)
					}
				}
			}
			if up == nil {
				return
			}
			up()
			path := "/papers/" + es[0].Paper.ID + "?again"
			waitFor(ctx, t, srv.URL+path, func(r fetched) bool { return r.code == 200 })
			waitFor(ctx, t, srv.URL+cached[0], func(r fetched) bool { return r.cache != "stale" })
		})
	}
}

// fetched is an answer read whole.
type fetched struct {
	code              int
	cache, retryAfter string
	body              string
}

func fetch(ctx context.Context, t *testing.T, u string) fetched {
	t.Helper()
	if !strings.HasPrefix(u, "http") {
		t.Fatalf("fetch %q: not a URL", u)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return fetched{code: resp.StatusCode, cache: resp.Header.Get("X-Cache"), retryAfter: resp.Header.Get("Retry-After"), body: string(b)}
}

// waitFor fetches u until ok says yes, failing the test at ctx's deadline:
// the cache reads the data version once a second.
func waitFor(ctx context.Context, t *testing.T, u string, ok func(fetched) bool) fetched {
	t.Helper()
	for {
		r := fetch(ctx, t, u)
		if ok(r) {
			return r
		}
		select {
		case <-ctx.Done():
			t.Fatalf("GET %s: still %d, X-Cache %q at the deadline", u, r.code, r.cache)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// breakablePostgres makes a login role of its own with a schema it owns
// on the test server, and returns the DSN of that role and schema, with
// down, which refuses the role new sessions and ends its sessions, and up,
// which lets it in again. Only this role is touched; the role and schema
// are dropped when the test ends.
func breakablePostgres(t *testing.T) (dsn string, down, up func()) {
	t.Helper()
	storetest.DSN(t, "postgres") // the server is there, with the extensions the migrations use
	base := os.Getenv("DAILYPAPERS_TEST_POSTGRES")
	if base == "" {
		base = storetest.DefaultPostgres
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 6)
	rand.Read(b)
	role := "dp_down_" + hex.EncodeToString(b)
	exec := func(q string) {
		t.Helper()
		if _, err := admin.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec("CREATE ROLE " + role + " LOGIN")
	exec("CREATE SCHEMA " + role + " AUTHORIZATION " + role)
	t.Cleanup(func() {
		admin.Exec("ALTER ROLE " + role + " LOGIN")
		admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'")
		admin.Exec("DROP SCHEMA " + role + " CASCADE")
		admin.Exec("DROP ROLE " + role)
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.User = url.User(role)
	q := u.Query()
	q.Set("search_path", role)
	u.RawQuery = q.Encode()
	down = func() {
		exec("ALTER ROLE " + role + " NOLOGIN")
		exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '" + role + "'")
	}
	up = func() { exec("ALTER ROLE " + role + " LOGIN") }
	return u.String(), down, up
}
