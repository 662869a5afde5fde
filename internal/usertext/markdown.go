package usertext

import (
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/util"
)

// newMarkdown builds the Markdown converter for comments: CommonMark with the
// GitHub extensions people expect in a technical discussion (bare URLs become
// links, ~~strikethrough~~ and, when tables is set, tables), and formulas
// passed through untouched for KaTeX (see math.go). HTML that users
// type is shown as text (see rawHTMLAsText), so every tag in the output is
// one goldmark wrote.
func newMarkdown(tables bool) goldmark.Markdown {
	extensions := []goldmark.Extender{
		extension.NewLinkify(
			extension.WithLinkifyAllowedProtocols([]string{"http:", "https:"}),
		),
		extension.Strikethrough,
	}
	if tables {
		extensions = append(extensions, extension.NewTable(
			extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute),
		))
	}
	return goldmark.New(
		goldmark.WithExtensions(extensions...),
		goldmark.WithParserOptions(
			// Before links (200), after code spans (100): `$x$` is code.
			parser.WithInlineParsers(util.Prioritized(mathParser{}, 150)),
			// Run in increasing order: flatten first, then fix the links left.
			parser.WithASTTransformers(
				util.Prioritized(depthLimit{}, 100),
				util.Prioritized(linkTransformer{}, 1000),
			),
		),
		// A lower number than goldmark's own HTML renderer (1000): it wins.
		goldmark.WithRendererOptions(
			renderer.WithNodeRenderers(
				util.Prioritized(rawHTMLAsText{}, 100),
				util.Prioritized(mathRenderer{}, 100),
			),
		),
	)
}
