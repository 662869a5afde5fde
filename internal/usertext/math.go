package usertext

import (
	"bytes"
	"strings"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/dailypapers/dailypapers/internal/tex"
)

// Formulas in comments ($…$, $$…$$, \(…\), \[…\], found by tex.FormulaAt's
// rule) pass through Markdown untouched: no _ becomes emphasis, no \| a |.
// Each is written as its source, delimiters included and HTML-escaped, in
//
//	<span class="math inline">$x_1$</span>
//	<span class="math display">$$x_1$$</span>
//
// which the page's math.js typesets with KaTeX; without JavaScript the
// reader sees the TeX as typed. Code spans and blocks come first: `$x$` is
// code.

// mathOpen starts every formula in rendered HTML.
const mathOpen = `<span class="math `

// HasMath reports whether comment HTML rendered by a Renderer holds a
// formula, so that a page showing it loads KaTeX.
func HasMath(rendered string) bool { return strings.Contains(rendered, mathOpen) }

// kindMath is the kind of the AST node of one formula.
var kindMath = ast.NewNodeKind("Math")

// mathNode is one formula: its source with delimiters, and whether it is
// displayed. It has no children, so no other inline parser sees its text.
type mathNode struct {
	ast.BaseInline
	source  []byte
	display bool
}

func (n *mathNode) Kind() ast.NodeKind { return kindMath }

func (n *mathNode) Dump(source []byte, level int) {
	ast.DumpHelper(n, source, level, map[string]string{"Source": string(n.source)}, nil)
}

// mathParser is the inline parser of formulas. It is stateless, so one
// value serves concurrent conversions.
type mathParser struct{}

// Trigger implements parser.InlineParser.
func (mathParser) Trigger() []byte { return []byte{'$', '\\'} }

// Parse implements parser.InlineParser: it returns a formula starting at the
// reader's position, which may run over the paragraph's following lines, or
// nil when none starts there.
func (mathParser) Parse(parent ast.Node, block text.Reader, _ parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if len(line) < 2 || line[0] == '\\' && line[1] != '(' && line[1] != '[' {
		return nil // the common case, \* and other escapes, at no cost
	}
	// The rest of the block's source, read in place: between its lines it
	// holds what the lines' segments leave out (a blockquote's "> ").
	lines := parent.Lines()
	if lines.Len() == 0 {
		return nil
	}
	rest := block.Source()[seg.Start:lines.At(lines.Len()-1).Stop]
	n, display := tex.FormulaAt(rest)
	if n == 0 {
		return nil
	}
	end := seg.Start + n
	if end <= seg.Stop {
		block.Advance(n)
		return &mathNode{source: rest[:n], display: display}
	}
	// Over lines: the formula's source is its part of each line.
	var src []byte
	for {
		line, seg := block.PeekLine()
		if line == nil {
			break
		}
		if end <= seg.Stop {
			k := max(end-seg.Start, 0)
			src = append(src, line[:k]...)
			block.Advance(k)
			break
		}
		src = append(src, line...)
		block.AdvanceLine()
	}
	return &mathNode{source: src, display: display}
}

// mathRenderer writes formulas as described above.
type mathRenderer struct{}

// RegisterFuncs implements renderer.NodeRenderer.
func (mathRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(kindMath, renderMath)
}

func renderMath(w util.BufWriter, _ []byte, node ast.Node, entering bool) (ast.WalkStatus, error) {
	if !entering {
		return ast.WalkContinue, nil
	}
	n := node.(*mathNode)
	class := "inline"
	if n.display {
		class = "display"
	}
	_, _ = w.WriteString(mathOpen + class + `">`)
	// Lines of a paragraph arrive with their indentation cut; a formula's
	// line breaks are kept, and \r dropped, as the rest of a comment's.
	_, _ = w.Write(util.EscapeHTML(bytes.ReplaceAll(n.source, []byte("\r"), nil)))
	_, _ = w.WriteString("</span>")
	return ast.WalkContinue, nil
}
