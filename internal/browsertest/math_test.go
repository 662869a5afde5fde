package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The comment TestMathInComments posts: a formula that Markdown used to
// mangle (_{t}…_ into emphasis, \| into |), a displayed one, one that
// tries to be a link, and money.
const (
	mathFormula = `\mathbb{E}_{t}\|x\|^2`
	mathComment = `The bound $` + mathFormula + `$ holds, and $$\sum_{i=1}^n a_i$$ too; ` +
		`$\href{javascript:alert(1)}{x}$ is no link; it costs $5 and $10.`
)

// The screens of issue 13: a phone and a laptop.
var mathViewports = []viewport{
	{name: "phone-390", width: 390, height: 844, phone: true},
	{name: "desktop-1366", width: 1366, height: 900},
}

// katexResources lists the KaTeX files the page fetched, each with whether
// it blocked rendering (PerformanceResourceTiming.renderBlockingStatus).
const katexResources = `performance.getEntriesByType("resource")
	.filter(e => e.name.includes("katex"))
	.map(e => e.name.replace(/^.*\//, "") + " " + e.renderBlockingStatus)`

// TestMathInComments previews, then posts, a comment with TeX from the
// paper page: KaTeX typesets its formulas in the preview and, at a phone's
// and a laptop's width, in the comment; the money in it stays text, and
// KaTeX never blocks rendering. The home page, without
// a formula, fetches no KaTeX at all.
func TestMathInComments(t *testing.T) {
	browser := newBrowser(t)
	cs := newCommunitySite(t)
	tb := newTab(t, browser, mathViewports[1])
	tb.navigate(cs.url + "/")
	signUp(t, tb, cs, "ada@example.org", "ada")
	submitPaper(t, tb, "ada")
	tb.typeInto("#body-0", mathComment)
	// The Preview button shows the comment typeset, above the form that
	// still holds it; the Comment button then posts it.
	tb.follow(`#comment-form-0 button[name=preview]`)
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](
		`document.querySelectorAll("#comment-form-0 .comment-preview .katex").length === 3`, chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		t.Fatalf("the preview is not typeset: %v; it is %q", err, tb.html("#comment-form-0 .comment-preview"))
	}
	if got := eval[string](tb, `document.querySelector("#body-0").value`); got != mathComment {
		t.Fatalf("after the preview the form holds %q, want the comment", got)
	}
	if n := eval[int](tb, `document.querySelectorAll("ol.thread").length`); n != 0 {
		t.Fatalf("the preview posted the comment")
	}
	tb.review("preview")
	tb.follow(`#comment-form-0 button.primary[type=submit]`)
	tb.noProblems()

	for _, v := range mathViewports {
		t.Run(v.name, func(t *testing.T) {
			tb := newTab(t, browser, v)
			tb.navigate(cs.url + "/papers/" + submittedID)
			formulasTypeset(t, tb)
			tb.fits()
			tb.review("math")
			tb.noProblems()
		})
	}

	t.Run("no math", func(t *testing.T) {
		tb := newTab(t, browser, mathViewports[0])
		tb.navigate(cs.url + "/")
		tb.visible(cardList...)
		if got := eval[[]string](tb, katexResources); len(got) != 0 {
			t.Errorf("the home page, without a formula, fetches %q", got)
		}
		if n := eval[int](tb, `document.querySelectorAll("script[src*=katex], link[href*=katex], script[src*='math.js']").length`); n != 0 {
			t.Errorf("the home page, without a formula, links KaTeX %d times", n)
		}
		tb.noProblems()
	})
}

// formulasTypeset checks the comment's formulas on the paper page once KaTeX has
// typeset them.
func formulasTypeset(t *testing.T, tb *tab) {
	t.Helper()
	const body = firstThread + " > article.comment .comment-body"
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](
		`document.querySelectorAll(`+jsString(body+" .katex")+`).length === 3`, chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		t.Fatalf("KaTeX does not typeset the comment's three formulas: %v; the comment is %q", err, tb.html(body))
	}
	// KaTeX keeps the source in its MathML: the formula arrived as typed.
	if got := tb.text(body + " span.math.inline annotation"); got != mathFormula {
		t.Errorf("the inline formula's source is %q, want %q", got, mathFormula)
	}
	tb.visible(body+" span.math.inline .katex-html", body+" span.math.display .katex-display")
	if n := eval[int](tb, `document.querySelectorAll(`+jsString(body+" em")+`).length`); n != 0 {
		t.Errorf("the comment has %d emphasised parts, want none: Markdown read the formula", n)
	}
	if n := eval[int](tb, `document.querySelectorAll(`+jsString(body+" a")+`).length`); n != 0 {
		t.Errorf("the comment has %d links, want none: KaTeX followed \\href", n)
	}
	if text := tb.text(body); !strings.HasSuffix(text, "is no link; it costs $5 and $10.") {
		t.Errorf("the comment ends %q, want the money as typed", text)
	}
	// KaTeX's stylesheet and fonts are applied.
	font := eval[string](tb, `getComputedStyle(document.querySelector(`+jsString(body+" .katex")+`)).fontFamily`)
	if !strings.Contains(font, "KaTeX_Main") {
		t.Errorf("the formula's font is %q, want KaTeX_Main: the stylesheet is not applied", font)
	}
	res := eval[[]string](tb, katexResources)
	if len(res) < 2 {
		t.Errorf("KaTeX resources fetched: %q, want its stylesheet and script", res)
	}
	for _, r := range res {
		if strings.HasSuffix(r, " blocking") {
			t.Errorf("%s blocked rendering", r)
		}
	}
}
