package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchPageQueries: the query language and hostile queries answer 200
// on both databases; an arXiv id finds its paper; the page documents the
// operators and keeps the order asked for.
func TestSearchPageQueries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-08-21"))
		for _, q := range []string{`"agent learning"`, `agent -learning`, `agent OR worlds`, `ti:agents`, `au:lee`,
			`abs:"static worlds"`, `cat:cs.AI agent`, `year:2026`, `year:2019-2026 agents`, `2608.19880`,
			`https://arxiv.org/abs/2608.19880v1`, strings.Repeat(`"-:()*`, 42), "\x01agent\x1b[2J", "\xff\xfeagent",
			`-"`, `au:`, `OR`, `((("`, strings.Repeat("agent ", 41)} {
			r := s.get(t, "/papers?q="+url.QueryEscape(q)+"&sort=newest")
			if r.Code != 200 {
				t.Errorf("search %q = %d", q, r.Code)
			}
		}
		page := s.page(t, "/papers?q=2608.19880")
		if !strings.Contains(page, `href="/papers/2608.19880"`) {
			t.Errorf("an arXiv id does not find its paper")
		}
		page = s.page(t, "/papers?q=agents&sort=upvotes")
		for _, want := range []string{`<option value="upvotes" selected>`, "most upvoted first", "<code>au:hinton</code>"} {
			if !strings.Contains(page, want) {
				t.Errorf("search page lacks %s", want)
			}
		}
	})
}

// TestSearchPagerKeepsOrder: the next page of a search sorted by date is
// sorted by date too.
func TestSearchPagerKeepsOrder(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2025-10-03"), hfDay("2026-05-13"), hfDay("2026-06-03"), hfDay("2026-08-21"))
		page := s.page(t, "/papers?q=model&sort=newest")
		if !strings.Contains(page, `p=1`) {
			t.Fatalf("a search for model over four days has no second page")
		}
		if !strings.Contains(page, `p=1&amp;q=model&amp;sort=newest`) {
			t.Errorf("the next page's link forgets sort=newest")
		}
	})
}

// TestSearchPageSaysAlsoSearched: a search for an abbreviation the day's
// papers define says that it also looked for the long form.
func TestSearchPageSaysAlsoSearched(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2025-10-03"))
		page := s.page(t, "/papers?q=LLM+agents")
		if want := "Also searched: large language model"; !strings.Contains(page, want) {
			t.Errorf("search page for LLM lacks %q", want)
		}
	})
}
