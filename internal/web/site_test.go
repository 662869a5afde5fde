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

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
	"golang.org/x/net/html"
)

// testNow is the clock of the test sites: the Tuesday after the latest
// sample day, 2026-08-21.
var testNow = time.Date(2026, 8, 25, 10, 0, 0, 0, newYork())

func newYork() *time.Location {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		panic(err)
	}
	return loc
}

// site is a test server over a store of real data.
type site struct {
	url   string
	store *store.Store
}

// hfDay is a real Hugging Face day in testdata.
func hfDay(day string) string { return storetest.HFDay(day) }

// Files of real arXiv metadata: papers with versions, two DOIs, journal
// references and TeX titles (0704.1586, 0704.0716), and an old-style id
// with affiliations (astro-ph/0601001).
const (
	arxivRaw   = "../../testdata/oai/arXivRaw/listrecords-arXivRaw-from-2014-10-01-with-token-trimmed.xml"
	arxivAstro = "../../testdata/arxiv-api/arxivpy-golden-2026/id_astro-ph_0601001_s0_m100_3150dca9dc76.xml"
)

// newSite opens a store, imports the Hugging Face days and arXiv files
// named, and serves the site over it.
func newSite(t *testing.T, dsn string, files ...string) *site {
	t.Helper()
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	for _, name := range files {
		day := ""
		if strings.Contains(name, "daily_papers-") {
			day = strings.TrimSuffix(name[strings.LastIndex(name, "-")-7:], ".json")
		}
		storetest.ImportFile(t, s, name, importer.Options{FeedDay: day, Location: newYork()})
	}
	// As serve does after imports: similar papers need vectors.
	if _, err := s.BackfillVectors(ctx, 1000); err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := web.New(s, log, web.Options{Location: newYork(), Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return &site{url: srv.URL, store: s}
}

// testLog writes the site's warnings and errors into the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// response is what a request got.
type response struct {
	Code   int
	Header http.Header
	Body   string
}

// client follows no redirects and leaves compression to the test.
var client = &http.Client{
	Transport:     &http.Transport{DisableCompression: true},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// get requests path, with headers given as name, value pairs.
func (s *site) get(t *testing.T, path string, headers ...string) response {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.url+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Code: resp.StatusCode, Header: resp.Header, Body: string(b)}
}

// page gets path, failing unless it answers 200 with HTML.
func (s *site) page(t *testing.T, path string) string {
	t.Helper()
	r := s.get(t, path)
	if r.Code != http.StatusOK || !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET %s = %d %s:\n%.400s", path, r.Code, r.Header.Get("Content-Type"), r.Body)
	}
	return r.Body
}

// parse parses an HTML page.
func parse(t *testing.T, body string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// walk calls fn on every element of the tree.
func walk(n *html.Node, fn func(*html.Node)) {
	if n.Type == html.ElementNode {
		fn(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

// attr is an element's attribute, and whether it has it.
func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

// text is the text inside an element, spaces collapsed.
func text(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// selectAll finds the elements of a tag having a class ("" for any), in
// document order: the tiny selector the page tests need.
func selectAll(doc *html.Node, tag, class string) []*html.Node {
	var out []*html.Node
	walk(doc, func(n *html.Node) {
		if n.Data != tag {
			return
		}
		if c, _ := attr(n, "class"); class == "" || hasWord(c, class) {
			out = append(out, n)
		}
	})
	return out
}

func hasWord(list, w string) bool {
	for _, f := range strings.Fields(list) {
		if f == w {
			return true
		}
	}
	return false
}
