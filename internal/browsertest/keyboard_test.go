package browsertest

import (
	"net/url"
	"strings"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// maxTabs bounds the walk to the first paper link; the longest way, on a
// day page, passes the header, the feed links, the period navigation and
// the date picker, about twenty stops.
const maxTabs = 60

// describeFocus names the focused element, for messages.
const describeFocus = `(() => {
	const e = document.activeElement;
	if (!e || e === document.body) return "the page itself";
	let s = e.tagName.toLowerCase();
	if (e.id) s += "#" + e.id;
	if (typeof e.className === "string" && e.className.trim()) s += "." + e.className.trim().split(/\s+/).join(".");
	const text = (e.innerText || e.value || "").trim().slice(0, 40);
	return text ? s + " (" + JSON.stringify(text) + ")" : s;
})()`

func (tb *tab) pressTab() {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		tb.t.Fatalf("press Tab: %v", err)
	}
}

func (tb *tab) focusMatches(sel string) bool {
	return eval[bool](tb, `document.activeElement?.matches(`+jsString(sel)+`) ?? false`)
}

// tabsTo presses Tab from the top of the page: the first stop must be the
// skip link, shown on screen, and the walk must reach the link sel, drawn
// with a visible focus indicator.
func (tb *tab) tabsTo(sel string) {
	tb.t.Helper()
	tb.pressTab()
	if !tb.focusMatches("a.skip") {
		tb.t.Errorf("the first Tab focuses %s, want the skip link", eval[string](tb, describeFocus))
	} else if top := eval[float64](tb, `document.activeElement.getBoundingClientRect().top`); top < 0 {
		tb.t.Errorf("the focused skip link is off screen (top %vpx)", top)
	}
	for range maxTabs {
		if tb.focusMatches(sel) {
			if !eval[bool](tb, focusIndicated) {
				tb.t.Errorf("%s has no visible focus indicator (outline or box-shadow)", sel)
			}
			return
		}
		tb.pressTab()
	}
	tb.t.Errorf("%d presses of Tab never reach %s; the last stop is %s", maxTabs, sel, eval[string](tb, describeFocus))
}

// skipsToMain activates the skip link with Enter: the focus must move to
// the main content, so that the next Tab starts there.
func (tb *tab) skipsToMain() {
	tb.t.Helper()
	err := chromedp.Do(tb.ctx, chromedp.Focus(chromedp.CSS("a.skip")), chromedp.KeyEvent(kb.Enter))
	if err != nil {
		tb.t.Fatalf("press Enter on the skip link: %v", err)
	}
	if !tb.focusMatches("main#main") {
		tb.t.Errorf("Enter on the skip link focuses %s, want main#main", eval[string](tb, describeFocus))
	}
}

// focusIndicated reports whether the focused element is drawn as focused.
const focusIndicated = `(() => {
	const s = getComputedStyle(document.activeElement);
	return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== "none";
})()`

// searchByKeyboard types word into the header's search box, presses Enter,
// and checks the results page for it.
func (tb *tab) searchByKeyboard(word string) {
	tb.t.Helper()
	const box = "#site-q"
	// The box holds the query on a results page: empty it first (SetValue
	// cannot set an empty value).
	err := chromedp.Do(tb.ctx,
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(box)+`).value = ""`),
		chromedp.Focus(chromedp.CSS(box)),
		chromedp.KeyEvent(word),
	)
	if err == nil {
		_, err = chromedp.Run(tb.ctx, chromedp.WaitEvent(page.LoadEventFired, nil, chromedp.KeyEvent(kb.Enter)))
	}
	if err != nil {
		tb.t.Fatalf("search for %q with the keyboard: %v", word, err)
	}
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil || u.Path != "/papers" || u.Query().Get("q") != word {
		tb.t.Errorf("searching %q by keyboard lands on %s, want /papers?q=%s", word, loc, word)
		return
	}
	tb.visible("form.search-form", firstCard)
	if h1 := eval[string](tb, `document.querySelector("h1").innerText`); !strings.Contains(strings.ToLower(h1), word) {
		tb.t.Errorf("after a keyboard search, the heading %q does not name %q", h1, word)
	}
}
