package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"golang.org/x/net/html"
)

// pagesOf are the pages of every kind over the sites of these tests.
var pagesOf = []string{
	"/", "/papers/date/2026-08-21", "/papers/date/2026-08-22", "/papers/week/2026-W34", "/papers/month/2026-08",
	"/papers/trending", "/papers?q=agent", "/papers?q=", "/papers/2608.19880", "/papers/0704.1586",
	"/papers/astro-ph/0601001", "/nowhere", "/papers/date/bad", "/u/taesiri", "/signin", "/signin/confirm?token=x",
}

// TestNoInlineCode: the CSP forbids inline script and style, so no page may
// have a script without src, a style element or attribute, or an on*
// handler: each would be blocked in the browser.
func TestNoInlineCode(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"), arxivRaw, arxivAstro)
	for _, path := range pagesOf {
		doc := parse(t, s.get(t, path).Body)
		walk(doc, func(n *html.Node) {
			src, hasSrc := attr(n, "src")
			switch {
			case n.Data == "script" && (!hasSrc || !strings.HasPrefix(src, "/static/") || text(n) != ""):
				t.Errorf("%s: inline or foreign <script src=%q>", path, src)
			case n.Data == "style":
				t.Errorf("%s: a <style> element", path)
			}
			for _, a := range n.Attr {
				if a.Key == "style" || strings.HasPrefix(a.Key, "on") {
					t.Errorf("%s: <%s %s=%q>", path, n.Data, a.Key, a.Val)
				}
			}
		})
	}
}

// TestAccessibleMarkup: landmarks, a skip link, one h1 and a label for every
// input on every page.
func TestAccessibleMarkup(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"), arxivRaw, arxivAstro)
	for _, path := range pagesOf {
		doc := parse(t, s.get(t, path).Body)
		for _, tag := range []string{"header", "nav", "main", "footer", "h1"} {
			if len(selectAll(doc, tag, "")) == 0 {
				t.Errorf("%s: no <%s>", path, tag)
			}
		}
		if n := len(selectAll(doc, "h1", "")); n != 1 {
			t.Errorf("%s: %d <h1>, want 1", path, n)
		}
		if skip := selectAll(doc, "a", "skip"); len(skip) != 1 {
			t.Errorf("%s: no skip link", path)
		}
		labels := map[string]bool{}
		for _, l := range selectAll(doc, "label", "") {
			f, _ := attr(l, "for")
			labels[f] = true
		}
		for _, in := range selectAll(doc, "input", "") {
			if typ, _ := attr(in, "type"); typ == "hidden" {
				continue
			}
			if id, _ := attr(in, "id"); !labels[id] {
				t.Errorf("%s: <input id=%q> has no label", path, id)
			}
		}
		if lang, _ := attr(selectAll(doc, "html", "")[0], "lang"); lang != "en" {
			t.Errorf("%s: <html lang=%q>", path, lang)
		}
	}
}

// evil is text that would run script if a page wrote it unescaped.
const evil = `<script>alert(1)</script>"><img src=x onerror=alert(1)>`

// TestEscaping: a paper whose every field is hostile renders as text on
// every page that shows it.
func TestEscaping(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn)
		day := time.Date(2026, 8, 24, 9, 0, 0, 0, newYork())
		item := store.Item{
			Paper: paper.Paper{
				ID: "2608.00001", Title: "Hostile title " + evil, Abstract: "Hostile abstract " + evil,
				Authors:    []paper.Author{{Name: "Mallory " + evil, Affiliations: []string{"Lab " + evil}}, {Name: "Trent"}},
				Categories: []string{"cs.CR", evil}, Comments: evil, JournalRef: evil, DOIs: []string{`10.1/x"><script>alert(1)</script>`},
				License: `javascript:alert(1)`, GitHubRepo: "javascript:alert(1)", ProjectPage: `https://example.org/"><script>alert(1)</script>`,
				AIKeywords: []string{evil}, PublishedAt: day.Add(-24 * time.Hour), UpdatedAt: day,
			},
			Entry:     &paper.Entry{Day: "2026-08-24", SubmittedAt: day, Submitter: "mallory", Upvotes: 3, NumComments: 1},
			Submitter: &paper.User{Name: "mallory", FullName: "Mallory " + evil},
		}
		other := item
		other.Paper.ID, other.Paper.AISummary, other.Entry = "2608.00002", "Hostile summary "+evil, nil
		if _, err := s.store.Import(context.Background(), []store.Item{item, other}); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/papers/date/2026-08-24", "/papers/week/2026-W35", "/papers/trending",
			"/papers?q=hostile", "/papers?q=" + "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/papers/2608.00001", "/papers/2608.00002",
			"/papers/%3Cscript%3Ealert(1)%3C%2Fscript%3E"} {
			body := s.get(t, path).Body
			if !strings.Contains(body, "alert(1)") {
				t.Errorf("%s does not show the hostile paper", path)
			}
			for _, bad := range []string{"<script>alert", "<img src=x", "javascript:alert(1)</a>", "ZgotmplZ"} {
				if i := strings.Index(body, bad); i >= 0 {
					t.Errorf("%s has %q unescaped: %s", path, bad, body[max(0, i-150):i+50])
				}
			}
			walk(parse(t, body), func(n *html.Node) {
				if n.Data == "img" {
					if src, _ := attr(n, "src"); !strings.HasPrefix(src, "/static/") {
						t.Errorf("%s: an <img src=%q> got through", path, src)
					}
				}
				if href, _ := attr(n, "href"); strings.HasPrefix(href, "javascript:") {
					t.Errorf("%s: a javascript: link got through", path)
				}
				if n.Data == "script" {
					if _, ok := attr(n, "src"); !ok {
						t.Errorf("%s: an inline <script> got through", path)
					}
				}
			})
		}
		if body := s.page(t, "/papers/date/2026-08-24"); !strings.Contains(body, "Hostile title &lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("the title is not shown escaped")
		}
	})
}
