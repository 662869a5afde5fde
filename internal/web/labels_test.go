package web_test

import (
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/importer"
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

// TestTrendingWindow: the trending page names the days it ranks: the last
// 7 days while the feed has papers among them, else the 7 days up to the
// latest feed day, never "the last 7 days" over older papers.
func TestTrendingWindow(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-06-03")) // months before testNow
		for _, c := range []struct {
			add  string // a day to import first
			want string
		}{
			{"", "Papers put on the feed in the 7 days up to Wed 3 Jun 2026, the latest with papers, ranked by upvotes and age."},
			{"2026-08-21", "Papers put on the feed in the last 7 days (since Tue 18 Aug), ranked by upvotes and age."},
		} {
			if c.add != "" {
				storetest.ImportFile(t, s.store, hfDay(c.add), importer.Options{FeedDay: c.add, Location: newYork()})
			}
			doc := parse(t, s.page(t, "/papers/trending"))
			if sub := selectAll(doc, "p", "sub"); len(sub) != 1 || text(sub[0]) != c.want {
				t.Errorf("heading %v, want %q", sub, c.want)
				for _, n := range sub {
					t.Logf("heading: %q", text(n))
				}
			} else if n := len(selectAll(doc, "article", "")); n == 0 {
				t.Errorf("trending is empty under %q", c.want)
			}
		}
	})
}

// TestRankBadges: the paper ranked first of its feed day, week or month
// carries "#1 Paper of the …" (the largest it is first of) on every card
// and on its page, linked to that period.
func TestRankBadges(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.importHFEntry(t, "2104.90001", "2021-04-19", 5, 0)  // first of its day only
		cs.importHFEntry(t, "2104.90002", "2021-04-19", 1, 0)  // nothing
		cs.importHFEntry(t, "2104.90003", "2021-04-20", 9, 0)  // first of week 16
		cs.importHFEntry(t, "2104.90004", "2021-04-26", 12, 0) // first of April
		want := map[string]string{
			"2104.90001": "#1 Paper of the day|/papers/date/2021-04-19",
			"2104.90003": "#1 Paper of the week|/papers/week/2021-W16",
			"2104.90004": "#1 Paper of the month|/papers/month/2021-04",
		}
		b := cs.browser(t)
		for _, path := range []string{"/papers/month/2021-04", "/papers/week/2021-W16", "/papers/date/2021-04-19", "/papers/trending"} {
			doc := parse(t, b.get(path).Body)
			for _, id := range []string{"2104.90001", "2104.90002", "2104.90003", "2104.90004"} {
				c := cardOf(doc, id)
				if c == nil {
					continue
				}
				got := ""
				for _, a := range selectAll(c, "p", "rank-badge") {
					got = text(a) + "|" + href(selectAll(a, "a", "")[0])
				}
				if got != want[id] {
					t.Errorf("%s: card of %s has badge %q, want %q", path, id, got, want[id])
				}
			}
		}
		for id, w := range want {
			doc := parse(t, b.get("/papers/"+id).Body)
			got := ""
			for _, a := range selectAll(doc, "p", "rank-badge") {
				got = text(a) + "|" + href(selectAll(a, "a", "")[0])
			}
			if got != w {
				t.Errorf("paper page of %s has badge %q, want %q", id, got, w)
			}
		}
		if n := len(selectAll(parse(t, b.get("/papers/2104.90002").Body), "p", "rank-badge")); n != 0 {
			t.Errorf("a paper first of nothing has %d badges", n)
		}
	})
}
