package browsertest

import (
	"context"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// Selectors every page, and every list of cards, must show.
var (
	everyPage = []string{"header.site", "header.site nav.main-nav", "main#main", "#site-q", "footer.site"}
	cardList  = []string{firstCard, "ol.cards > li:first-child .votes .count", "ol.cards > li:first-child p.authors"}
	paperPage = []string{"#paper-title", "ul.author-list li", "p.abstract",
		`a[href^="https://arxiv.org/abs/"]`, `a[href^="https://arxiv.org/pdf/"]`, `a[href^="https://arxiv.org/html/"]`}
)

const (
	firstCard  = "ol.cards > li:first-child article h2 a" // the first paper's title link
	arxivLink  = "a.button.primary"                       // the paper page's first link to the paper
	katexMath  = "p.abstract .katex"                      // TeX typeset by KaTeX
	formulaSel = ".formula-text code"
)

// pageCase is a page of the site and what must be seen on it.
type pageCase struct {
	name      string
	path      string
	visible   []string // beside everyPage
	firstLink string   // the paper link that tabbing from the top must reach
	noScript  bool     // load with JavaScript disabled
	everyDB   bool     // check on every database, not only SQLite
	check     func(t *testing.T, tb *tab)
}

func pageCases(s *site) []pageCase {
	return []pageCase{
		{name: "home", path: "/", visible: cardList, firstLink: firstCard, everyDB: true,
			check: heading("2026-08-21")},
		{name: "day", path: "/papers/date/2026-06-03", visible: slices.Concat(cardList, []string{"form.picker #pick-date"}),
			firstLink: firstCard, check: heading("2026-06-03")},
		{name: "week", path: "/papers/week/2026-W23", visible: cardList, firstLink: firstCard,
			check: heading("2026-W23")},
		{name: "paper", path: "/papers/" + s.paper, visible: slices.Concat(paperPage, []string{".vote-panel .count"}),
			firstLink: arxivLink},
		{name: "search", path: "/papers?q=" + url.QueryEscape(s.word),
			visible: []string{"form.search-form #q", firstCard, "ol.cards .votes .count"}, firstLink: firstCard,
			everyDB: true, check: searched(s.word)},
		{name: "trending", path: "/papers/trending", visible: cardList, firstLink: firstCard,
			check: formula},
		{name: "tex", path: "/papers/" + mathPaper, visible: slices.Concat(paperPage, []string{katexMath}), firstLink: arxivLink,
			check: typeset},
		{name: "tex-nojs", path: "/papers/" + mathPaper, visible: paperPage, firstLink: arxivLink, noScript: true,
			check: texSource},
	}
}

// TestPages loads every kind of page at each width and checks what a reader
// sees and does: the key elements, no console errors, no sideways
// scrolling, and the keyboard.
//
// Every page runs on SQLite; on PostgreSQL only the home page (the site
// works end to end) and search (where the dialects differ most). The other
// pages differ by database only in store queries, which the store's own
// conformance suite runs on both, and a page in the browser costs seconds.
func TestPages(t *testing.T) {
	browser := newBrowser(t)
	for _, kind := range storetest.Kinds {
		t.Run(kind, func(t *testing.T) {
			s := newSite(t, storetest.DSN(t, kind))
			for _, v := range viewports {
				for _, pc := range pageCases(s) {
					if kind != "sqlite" && !pc.everyDB {
						continue
					}
					t.Run(v.name+"/"+pc.name, func(t *testing.T) {
						t.Parallel() // tabs of one browser, each its own renderer
						checkPage(t, browser, s, v, pc)
					})
				}
			}
		})
	}
}

func checkPage(t *testing.T, browser context.Context, s *site, v viewport, pc pageCase) {
	tb := newTab(t, browser, v)
	if pc.noScript {
		_, err := chromedp.Call(tb.ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		if err != nil {
			t.Fatalf("disable JavaScript: %v", err)
		}
	}
	tb.colorScheme("light")
	tb.navigate(s.url + pc.path)
	tb.visible(everyPage...)
	tb.visible(pc.visible...)
	if pc.check != nil {
		pc.check(t, tb)
	}
	tb.fits()
	tb.readable("light")
	tb.review("light")
	tb.colorScheme("dark")
	tb.readable("dark")
	tb.review("dark")
	tb.tabsTo(pc.firstLink)
	tb.skipsToMain()
	tb.searchByKeyboard(s.word)
	tb.noProblems()
}

// heading checks the page's title names the period.
func heading(period string) func(t *testing.T, tb *tab) {
	return func(t *testing.T, tb *tab) {
		got := eval[string](tb, `document.querySelector("h1 time")?.getAttribute("datetime") ?? ""`)
		if got != period {
			t.Errorf("the heading's period is %q, want %q", got, period)
		}
	}
}

// searched checks the results page says what was searched for.
func searched(word string) func(t *testing.T, tb *tab) {
	return func(t *testing.T, tb *tab) {
		if h1 := eval[string](tb, `document.querySelector("h1").innerText`); !strings.Contains(strings.ToLower(h1), word) {
			t.Errorf("the heading %q does not name the query %q", h1, word)
		}
	}
}

// formula checks the trending page states the formula it ranks by: shown
// on a wide screen, folded on a phone until it is opened. (It is opened by
// script, not a click, which would move where Tab starts from.)
func formula(t *testing.T, tb *tab) {
	phone := eval[bool](tb, `matchMedia("(max-width: 40rem)").matches`)
	shown := eval[bool](tb, `document.querySelector(`+jsString(formulaSel)+`).checkVisibility()`)
	if shown == phone {
		t.Errorf("the explanation of trending is shown: %v on a screen %d px wide", shown, eval[int](tb, "innerWidth"))
	}
	if !shown {
		eval[bool](tb, `document.querySelector(".formula details").open = true`)
	}
	tb.visible(formulaSel)
	if got := eval[string](tb, `document.querySelector(".formula-text code").innerText`); got != paper.TrendingFormula {
		t.Errorf("the stated formula is %q, want %q", got, paper.TrendingFormula)
	}
}

// typeset checks KaTeX replaced the TeX of the abstract.
func typeset(t *testing.T, tb *tab) {
	if text := eval[string](tb, `document.querySelector("p.abstract").innerText`); strings.Contains(text, mathTeX) {
		t.Errorf("the abstract still shows the TeX source %s after KaTeX ran", mathTeX)
	}
}

// texSource checks that without JavaScript the abstract shows its TeX.
func texSource(t *testing.T, tb *tab) {
	if n := eval[int](tb, `document.querySelectorAll(".katex").length`); n != 0 {
		t.Errorf("%d KaTeX elements with JavaScript disabled", n)
	}
	if text := eval[string](tb, `document.querySelector("p.abstract").innerText`); !strings.Contains(text, mathTeX) {
		t.Errorf("the abstract does not show the TeX source %s without JavaScript: %q", mathTeX, text)
	}
}
