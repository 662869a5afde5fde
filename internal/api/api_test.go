package api_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	sitehttp "github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// hfDays are the real Hugging Face days every test site holds, one of each
// generation of the response's schema from 2024 to 2026.
var hfDays = []string{"2024-06-13", "2025-03-17", "2025-06-25", "2026-05-13", "2026-08-21"}

// now is 22:00 on Sunday 2026-08-23 in New York, already the 24th in UTC:
// the 24th is still the future for the site.
var now = time.Date(2026, 8, 24, 2, 0, 0, 0, time.UTC)

// site is an API server over a store holding hfDays and the papers of
// extraItems.
type site struct {
	url   string
	store *store.Store
	api   *api.API
}

// TestAPI runs every API test on both databases, each on one site.
func TestAPI(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn)
		t.Run("Compat", func(t *testing.T) { testCompat(t, s) })
		t.Run("DailyErrors", func(t *testing.T) { testDailyErrors(t, s) })
		t.Run("DailyPaging", func(t *testing.T) { testDailyPaging(t, s) })
		t.Run("DailyPeriods", func(t *testing.T) { testDailyPeriods(t, s) })
		t.Run("DailySubmitter", func(t *testing.T) { testDailySubmitter(t, s) })
		t.Run("DailyTrending", func(t *testing.T) { testDailyTrending(t, s) })
		t.Run("Paper", func(t *testing.T) { testPaper(t, s) })
		t.Run("ListPapers", func(t *testing.T) { testListPapers(t, s) })
		t.Run("Search", func(t *testing.T) { testSearch(t, s) })
		t.Run("HostileSearch", func(t *testing.T) { testHostileSearch(t, s) })
		t.Run("Similar", func(t *testing.T) { testSimilar(t, s) })
		t.Run("CORS", func(t *testing.T) { testCORS(t, s) })
		t.Run("Markdown", func(t *testing.T) { testMarkdown(t, s) })
	})
}

func newSite(t *testing.T, dsn string) site {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range hfDays {
		if sum := storetest.ImportFile(t, st, hfFile(day), importer.Options{FeedDay: day, Location: ny}); sum.Rejected > 0 {
			t.Fatalf("import %s: %d rejected", day, sum.Rejected)
		}
	}
	if _, err := st.Import(ctx, extraItems()); err != nil {
		t.Fatal(err)
	}
	// As serve does after imports: similar papers need vectors.
	if _, err := st.BackfillVectors(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	a := api.New(st, api.Options{Location: ny, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	a.Register(mux)
	// The test's requests come as through a trusted proxy on this machine.
	srv := httptest.NewServer(sitehttp.Proxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, mux))
	t.Cleanup(srv.Close)
	return site{url: srv.URL, store: st, api: a}
}

func hfFile(day string) string { return storetest.HFDay(day) }

// Papers the real days lack: markup in a title, a paper on a Saturday
// (2026-08-22, the latest feed day), an old-style id with every metadata
// field, a withdrawn paper; the last two on no day.
const (
	scriptID    = "2608.99001"
	oldID       = "hep-th/9901001"
	withdrawnID = "2301.00001"
)

func extraItems() []store.Item {
	day := func(s string) time.Time { t, _ := time.Parse(time.RFC3339, s); return t }
	alice := &paper.User{Name: "alice", FullName: "Alice Example", AvatarURL: "https://example.org/alice.png"}
	return []store.Item{{
		Paper: paper.Paper{
			ID: scriptID, Title: "<script>alert(1)</script> Sparse Attention for Everyone",
			Abstract:   "We show that sparse attention & <b>friends</b> scale. Attention!",
			Authors:    []paper.Author{{Name: "Ada Lovelace", Affiliations: []string{"Analytical Engines"}}, {Name: "Alan Turing"}},
			Categories: []string{"cs.LG", "cs.CL"}, PrimaryCategory: "cs.LG",
			PublishedAt: day("2026-08-21T17:00:00Z"),
			GitHubRepo:  "https://github.com/example/sparse", ProjectPage: "javascript:alert(1)",
		},
		Entry:     &paper.Entry{Day: "2026-08-22", SubmittedAt: day("2026-08-22T14:00:00Z"), Submitter: "alice", Upvotes: 5, NumComments: 2},
		Submitter: alice,
	}, {
		Paper: paper.Paper{
			ID: oldID, Version: 2, Title: "Old-style identifiers\n  still work",
			Abstract:   "A paper from 1999 about <tags> & ampersands.",
			Authors:    []paper.Author{{Name: "Grace Hopper", Affiliations: []string{"Navy", "Harvard"}}, {Name: "Edsger Dijkstra"}},
			Categories: []string{"hep-th"}, PrimaryCategory: "hep-th",
			Comments: "10 pages", JournalRef: "J. Test 1 (1999) 1", DOIs: []string{"10.1000/xyz123"},
			License:     "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
			Versions:    []paper.Version{{Version: 1, Date: day("1999-01-01T10:00:00Z")}, {Version: 2, Date: day("1999-02-01T10:00:00Z")}},
			PublishedAt: day("1999-01-01T10:00:00Z"), UpdatedAt: day("1999-02-01T10:00:00Z"),
		},
	}, {
		Paper: paper.Paper{
			ID: withdrawnID, Version: 2, Title: "A withdrawn paper", Abstract: "This paper has been withdrawn.",
			Authors:     []paper.Author{{Name: "Someone"}},
			Withdrawn:   true,
			Versions:    []paper.Version{{Version: 1, Date: day("2023-01-01T10:00:00Z")}, {Version: 2, Date: day("2023-03-05T09:30:00Z")}},
			PublishedAt: day("2023-01-01T10:00:00Z"), UpdatedAt: day("2023-03-05T09:30:00Z"),
		},
	}}
}

// response is what a request got.
type response struct {
	code   int
	header http.Header
	body   string
}

// get requests url with the headers given as name, value pairs.
func get(t *testing.T, url string, headers ...string) response {
	t.Helper()
	return do(t, http.MethodGet, url, headers...)
}

func do(t *testing.T, method, url string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

// getOK requests url, expects a 200 JSON answer and decodes it into v.
func getOK(t *testing.T, url string, v any) response {
	t.Helper()
	r := get(t, url)
	if r.code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", url, r.code, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Errorf("GET %s: Content-Type %q", url, ct)
	}
	if err := json.Unmarshal([]byte(r.body), v); err != nil {
		t.Fatalf("GET %s: %v\n%.300s", url, err, r.body)
	}
	return r
}

// entry is the part of a daily_papers element most tests look at.
type entry struct {
	Paper struct {
		ID                 string `json:"id"`
		Upvotes            int    `json:"upvotes"`
		SubmittedOnDailyAt string `json:"submittedOnDailyAt"`
	} `json:"paper"`
	NumComments int `json:"numComments"`
	SubmittedBy *struct {
		Name string `json:"name"`
	} `json:"submittedBy"`
}

func ids(es []entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Paper.ID
	}
	return out
}

// checkByUpvotes reports entries not ordered most upvoted first.
func checkByUpvotes(t *testing.T, what string, es []entry) {
	t.Helper()
	for i := 1; i < len(es); i++ {
		if es[i].Paper.Upvotes > es[i-1].Paper.Upvotes {
			t.Errorf("%s: %s (%d upvotes) after %s (%d)", what, es[i].Paper.ID, es[i].Paper.Upvotes, es[i-1].Paper.ID, es[i-1].Paper.Upvotes)
		}
	}
}
