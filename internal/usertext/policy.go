package usertext

import (
	"regexp"

	"github.com/microcosm-cc/bluemonday"
)

// newPolicy builds the HTML allowlist that comment HTML passes through after
// Markdown rendering, as a second line of defence should the renderer ever
// emit something it should not.
//
// It is written out element by element rather than started from
// bluemonday.UGCPolicy: UGCPolicy allows <img> (a tracking pixel from any
// site), id attributes (which can clobber names the page's scripts use) and
// dozens of elements Markdown never produces, and bluemonday has no way to
// take an allowance back. Listing exactly what goldmark writes keeps the
// policy as small as the Markdown it serves.
func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()

	p.AllowElements(
		"p", "br", "hr", "blockquote", "pre", "code",
		"em", "strong", "del",
		"h1", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li",
		"table", "thead", "tbody", "tr", "th", "td",
	)
	// Formulas, typeset in the browser (see math.go).
	p.AllowAttrs("class").Matching(regexp.MustCompile(`^math (inline|display)$`)).OnElements("span")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^[0-9]{1,9}$`)).OnElements("ol")
	p.AllowAttrs("align").Matching(regexp.MustCompile(`^(left|center|right)$`)).OnElements("th", "td")

	// Links: absolute http, https and mailto only, opening in the same tab.
	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("title").Matching(bluemonday.Paragraph).OnElements("a")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)
	p.AllowURLSchemes("http", "https", "mailto")
	// The Markdown renderer sets rel to linkRel on every link; bluemonday
	// cannot add "ugc" itself, so it keeps exactly that value, and adds
	// "nofollow" to any link that somehow arrives without it.
	p.AllowAttrs("rel").Matching(regexp.MustCompile(`^` + regexp.QuoteMeta(linkRel) + `$`)).OnElements("a")
	p.RequireNoFollowOnLinks(true)

	return p
}
