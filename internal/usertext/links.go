package usertext

import (
	"bytes"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// linkRel is set on every link in a comment: nofollow so that spam gains no
// search ranking from us, ugc so that search engines know users wrote it.
const linkRel = "nofollow ugc"

// linkTransformer makes links safe and honest before they are rendered:
// images become links to the image (so no picture, and no tracking pixel,
// is ever loaded from another site), links to anything but http, https and
// mailto become their plain text, and every other link gets linkRel.
//
// Links past maxLinkBytes of destinations and titles in one comment become
// plain text too: a reference definition can be used any number of times,
// so "[a]: <5,000-character URL>" followed by "[a]" a thousand times would
// otherwise render 10 KB of Markdown to 5 MB of HTML.
//
// The sanitizer would drop bad links too, but doing it here keeps the link
// text and leaves no empty <a> behind. It holds no state, so one value
// serves concurrent conversions.
type linkTransformer struct{}

// maxLinkBytes bounds the link destinations and titles in one comment: twice
// the longest comment, more than any comment uses without repeating a long
// reference link.
const maxLinkBytes = 2 * MaxCommentLength

// Transform implements parser.ASTTransformer.
func (linkTransformer) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	source := reader.Source()
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			switch n.Kind() {
			case ast.KindImage, ast.KindLink, ast.KindAutoLink:
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// The tree is changed only after the walk, which must not see it change.
	budget := maxLinkBytes
	for _, n := range nodes {
		fixLink(n, source, &budget)
	}
}

// fixLink applies linkTransformer's rules to one image, link or autolink,
// taking what the link will add to the HTML from budget.
func fixLink(n ast.Node, source []byte, budget *int) {
	switch n := n.(type) {
	case *ast.Image:
		if insideLink(n) {
			// A badge inside a link: the outer link already goes there.
			unwrap(n)
			return
		}
		link := ast.NewLink()
		link.Destination, link.Title = n.Destination, n.Title
		moveChildren(link, n)
		n.Parent().ReplaceChild(n.Parent(), n, link)
		fixLink(link, source, budget)
	case *ast.Link:
		*budget -= len(n.Destination) + len(n.Title)
		if *budget < 0 || !allowedScheme(n.Destination) {
			unwrap(n)
			return
		}
		n.SetAttributeString("rel", []byte(linkRel))
	case *ast.AutoLink:
		// An autolink's URL is its own text, so it cannot amplify; it is
		// counted all the same, to keep the bound simple to reason about.
		url := n.URL(source)
		*budget -= len(url)
		if *budget < 0 || n.AutoLinkType == ast.AutoLinkURL && !allowedScheme(url) {
			label := ast.NewString(n.Label(source))
			label.SetRaw(true)
			n.Parent().ReplaceChild(n.Parent(), n, label)
			return
		}
		n.SetAttributeString("rel", []byte(linkRel))
	}
}

// allowedScheme reports whether a link destination is an absolute http,
// https or mailto URL. Relative links are refused too: a comment is shown on
// several pages, where a relative link would point somewhere different.
func allowedScheme(dest []byte) bool {
	for _, p := range []string{"http://", "https://", "mailto:"} {
		if len(dest) >= len(p) && bytes.EqualFold(dest[:len(p)], []byte(p)) {
			return true
		}
	}
	return false
}

// insideLink reports whether n has a link among its ancestors.
func insideLink(n ast.Node) bool {
	for p := n.Parent(); p != nil; p = p.Parent() {
		if p.Kind() == ast.KindLink {
			return true
		}
	}
	return false
}
