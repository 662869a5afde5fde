package browsertest

import (
	"net/url"

	"github.com/chromedp/chromedp"
)

// What a person does in a tab, and what they read there.

// follow clicks the element that leads to another page (a link, a form's
// button) and waits for that page, which must answer 200.
func (tb *tab) follow(sel string) {
	tb.t.Helper()
	resp, err := chromedp.RunResponse(tb.ctx, chromedp.Click(chromedp.CSS(sel)))
	if err != nil {
		tb.t.Fatalf("click %s and wait for the next page: %v", sel, err)
	}
	if resp.Status != 200 {
		tb.t.Fatalf("click %s: %s answers %d", sel, resp.URL, resp.Status)
	}
}

// typeInto types text into a field, as keys.
func (tb *tab) typeInto(sel, text string) {
	tb.t.Helper()
	tb.do(chromedp.SendKeys(chromedp.CSS(sel), text))
}

// do runs actions in the page.
func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, actions...); err != nil {
		tb.t.Fatal(err)
	}
}

// text is the text of the first element sel matches, its white space
// collapsed; as written, not as styled (the unit is in capitals on screen).
func (tb *tab) text(sel string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(`+jsString(sel)+`)?.textContent.replace(/\s+/g, " ").trim() ?? ""`)
}

// html is the inner HTML of the first element sel matches.
func (tb *tab) html(sel string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(`+jsString(sel)+`)?.innerHTML.trim() ?? ""`)
}

// attr is an attribute of the first element sel matches.
func (tb *tab) attr(sel, name string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(`+jsString(sel)+`)?.getAttribute(`+jsString(name)+`) ?? ""`)
}

// path is the path of the page's address.
func (tb *tab) path() string {
	tb.t.Helper()
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	if err != nil {
		tb.t.Fatal(err)
	}
	u, err := url.Parse(loc)
	if err != nil {
		tb.t.Fatal(err)
	}
	return u.Path
}
