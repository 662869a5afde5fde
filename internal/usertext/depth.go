package usertext

import (
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// maxDepth is how deeply elements may nest in a rendered comment. Without a
// limit, 10,000 '>' characters nest 5,000 blockquotes, more than HTML
// parsers keep (browsers and golang.org/x/net/html stop at a few hundred);
// nothing a person writes comes near 32.
const maxDepth = 32

// depthLimit flattens what is nested deeper than maxDepth: elements there
// are replaced by their contents, so the text survives without the nesting.
type depthLimit struct{}

// Transform implements parser.ASTTransformer.
func (depthLimit) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	flatten(doc, 0)
}

// flatten applies depthLimit below parent, which is at depth.
func flatten(parent ast.Node, depth int) {
	for c := parent.FirstChild(); c != nil; {
		next := c.NextSibling()
		if depth >= maxDepth && c.HasChildren() {
			// Splice c's children into its place and look at them next.
			first := c.FirstChild()
			unwrap(c)
			c = first
			continue
		}
		flatten(c, depth+1)
		c = next
	}
}
