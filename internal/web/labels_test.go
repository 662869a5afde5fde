package web_test

import (
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
	"golang.org/x/net/html"
)

// cardOf is the card (article) whose title links to the paper.
func cardOf(doc *html.Node, id string) *html.Node {
	for _, a := range selectAll(doc, "article", "") {
		for _, h := range selectAll(a, "a", "") {
			if href(h) == "/papers/"+id {
				return a
			}
		}
	}
	return nil
}

// TestCardLabels: a card says whether its text is Hugging Face's AI summary
// or the abstract's start, and when arXiv published the paper.
func TestCardLabels(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-08-21"))
		doc := parse(t, s.page(t, "/papers/date/2026-08-21"))
		for id, want := range map[string]string{"2608.19880": "AI summary", "2608.19861": "Abstract"} {
			c := cardOf(doc, id)
			if c == nil {
				t.Fatalf("no card of %s", id)
			}
			if k := selectAll(c, "span", "summary-kind"); len(k) != 1 || text(k[0]) != want {
				t.Errorf("%s: summary label %v, want %q", id, k, want)
			}
		}
		pub := selectAll(cardOf(doc, "2608.19880"), "li", "published")
		if len(pub) != 1 || text(pub[0]) != "Published on 20 Aug 2026" {
			t.Errorf("published = %v", pub)
		}
	})
}
