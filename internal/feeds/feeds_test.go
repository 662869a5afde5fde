package feeds_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/dailypapers/dailypapers/internal/feeds"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	sitehttp "github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// now is the tests' clock: the day after the newest imported feed day.
var now = time.Date(2026, 8, 22, 12, 0, 0, 0, time.UTC)

// formats are the feed formats, by their path segment.
var formats = []string{"rss", "atom", "json"}

// site is a store holding real Hugging Face days and a hostile paper, with
// the feeds served over HTTP.
type site struct {
	st  *store.Store
	url string
	loc *time.Location
}

func TestFeeds(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, "2026-06-03", "2026-08-21")
		t.Run("routes", func(t *testing.T) { testRoutes(t, s) })
		t.Run("escaping", func(t *testing.T) { testEscaping(t, s) })
		t.Run("errors", func(t *testing.T) { testErrors(t, s) })
		t.Run("base URL", func(t *testing.T) { testBaseURL(t, s) })
	})
}

func newSite(t *testing.T, dsn string, days ...string) *site {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range days {
		storetest.ImportFile(t, st, storetest.HFDay(day), importer.Options{FeedDay: day, Location: loc})
	}
	if _, err := st.Import(ctx, []store.Item{hostileItem()}); err != nil {
		t.Fatal(err)
	}
	s := &site{st: st, loc: loc}
	s.url = serve(t, s, feeds.Options{})
	return s
}

// serve starts an HTTP server of the site's feeds with opts (the clock and
// zone filled in) and returns its URL.
func serve(t *testing.T, s *site, opts feeds.Options) string {
	opts.Now = func() time.Time { return now }
	opts.Location = s.loc
	mux := http.NewServeMux()
	feeds.New(s.st, opts).Register(mux)
	// The test's requests come as through a trusted proxy on this machine.
	srv := httptest.NewServer(sitehttp.Proxies([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, mux))
	t.Cleanup(srv.Close)
	return srv.URL
}

// The hostile paper has markup, a CDATA terminator and a javascript: link
// where the sources have text and URLs. It is alone on its feed day.
const (
	hostileDay      = "2026-08-20"
	hostileTitle    = `Robust <script>alert(1)</script> parsing ]]> & "friends"`
	hostileAbstract = `We show <img src=x onerror=alert(1)> that ]]> ends CDATA & <b>more</b>.`
)

func hostileItem() store.Item {
	at := time.Date(2026, 8, 20, 13, 0, 0, 0, time.UTC)
	return store.Item{
		Paper: paper.Paper{
			ID:          "2608.00001",
			Title:       hostileTitle,
			Abstract:    hostileAbstract,
			Authors:     []paper.Author{{Name: "Eve <b>Evil</b>"}, {Name: "Mallory ]]> Jones"}},
			Categories:  []string{"cs.CR", "cs.LG"},
			AISummary:   `<iframe src="https://evil.example"></iframe>`,
			GitHubRepo:  "javascript:alert(1)",
			PublishedAt: at.Add(-24 * time.Hour),
			UpdatedAt:   at.Add(-24 * time.Hour),
		},
		Entry: &paper.Entry{Day: hostileDay, SubmittedAt: at, Upvotes: 3, NumComments: 1},
	}
}

type response struct {
	code   int
	header http.Header
	body   string
}

func get(t *testing.T, url string, header ...string) response {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
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

// fetchFeed gets a feed, checks the answer is a cacheable feed of the
// format, and parses it back.
func fetchFeed(t *testing.T, url, format string) (*gofeed.Feed, string) {
	t.Helper()
	r := get(t, url)
	if r.code != http.StatusOK {
		t.Fatalf("GET %s = %d %s", url, r.code, r.body)
	}
	want := map[string]string{
		"rss":  "application/rss+xml; charset=utf-8",
		"atom": "application/atom+xml; charset=utf-8",
		"json": "application/feed+json; charset=utf-8",
	}[format]
	if got := r.header.Get("Content-Type"); got != want {
		t.Errorf("GET %s: Content-Type %q, want %q", url, got, want)
	}
	if got := r.header.Get("Cache-Control"); got != "public, max-age=300" {
		t.Errorf("GET %s: Cache-Control %q", url, got)
	}
	feed, err := gofeed.NewParser().ParseString(r.body)
	if err != nil {
		t.Fatalf("parse %s: %v\n%.500s", url, err, r.body)
	}
	if feed.FeedType != format { // gofeed names the formats as our paths do
		t.Errorf("GET %s: a %s feed, want %s", url, feed.FeedType, format)
	}
	return feed, r.body
}

// oneLine is a title as feeds show it.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
