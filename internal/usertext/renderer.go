package usertext

import (
	"bytes"
	"html"
	"strings"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
)

// HTMLVersion numbers the rules by which Comment turns Markdown into HTML:
// the Markdown extensions, the link and depth rules and the sanitizing
// policy. Comment HTML is stored with the version that made it, and HTML
// made under another version is rendered again, so raise it with any change
// that alters what Comment returns for some input.
//
// Version 2: formulas pass through Markdown untouched (math.go).
const HTMLVersion = 2

// Renderer turns comment Markdown into HTML that is safe to put on a page.
// Building one is comparatively costly, so a server makes one at start-up
// and shares it: it is safe for concurrent use.
type Renderer struct {
	md       goldmark.Markdown
	noTables goldmark.Markdown // for comments whose tables would be too large
	policy   *bluemonday.Policy
}

// NewRenderer returns a Renderer for comments.
func NewRenderer() *Renderer {
	return &Renderer{md: newMarkdown(true), noTables: newMarkdown(false), policy: newPolicy()}
}

// Comment renders a comment's Markdown to sanitized HTML. It renders
// anything it is given; Validate says whether a comment may be posted.
func (r *Renderer) Comment(markdown string) string {
	// Bytes that are not UTF-8 would otherwise reach the page as they are.
	markdown = strings.ToValidUTF8(markdown, "\uFFFD")
	md := r.md
	if tableCellsBound(markdown) > maxTableCells {
		md = r.noTables
	}
	var buf bytes.Buffer
	if err := md.Convert([]byte(markdown), &buf); err != nil {
		// Rendering into memory does not fail in practice; should it ever,
		// the comment is still shown, as plain escaped text.
		return "<p>" + html.EscapeString(markdown) + "</p>"
	}
	return string(r.policy.SanitizeBytes(buf.Bytes()))
}
