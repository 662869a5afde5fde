package usertext

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html"
)

// TestCommentMath pins down how formulas pass through Markdown: as typed,
// escaped, in a span that math.js typesets.
func TestCommentMath(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{
			`$\mathbb{E}_{t}\|x\|^2$`,
			`<p><span class="math inline">$\mathbb{E}_{t}\|x\|^2$</span></p>` + "\n",
		},
		{
			// Without the passthrough _{t}…_ was emphasis and \| became |.
			`a $x_{t}$ and $y_{s}$ b`,
			`<p>a <span class="math inline">$x_{t}$</span> and <span class="math inline">$y_{s}$</span> b</p>` + "\n",
		},
		{
			"$$\n\\sum_{i=1}^n a_i \\\\\nb * c * d\n$$",
			"<p><span class=\"math display\">$$\n\\sum_{i=1}^n a_i \\\\\nb * c * d\n$$</span></p>\n",
		},
		{`\(a_1 + a_2\)`, `<p><span class="math inline">\(a_1 + a_2\)</span></p>` + "\n"},
		{`\[a_1\]`, `<p><span class="math display">\[a_1\]</span></p>` + "\n"},
		{"inline $x\ny$ over a line", "<p>inline <span class=\"math inline\">$x\ny$</span> over a line</p>\n"},
		{"> quoted $$a\n> b$$", "<blockquote>\n<p>quoted <span class=\"math display\">$$a\nb$$</span></p>\n</blockquote>\n"},
		{"$a$ and $b$ and $$c$$ and \\(d\\)", "<p><span class=\"math inline\">$a$</span> and <span class=\"math inline\">$b$</span> and <span class=\"math display\">$$c$$</span> and <span class=\"math inline\">\\(d\\)</span></p>\n"},
		{"> quoted $a_1 * b_2$", "<blockquote>\n<p>quoted <span class=\"math inline\">$a_1 * b_2$</span></p>\n</blockquote>\n"},
		{"- $a<b$ & $c>d$", "<ul>\n<li><span class=\"math inline\">$a&lt;b$</span> &amp; <span class=\"math inline\">$c&gt;d$</span></li>\n</ul>\n"},
		// Code stays code.
		{"`$x_1$`", "<p><code>$x_1$</code></p>\n"},
		{"```\n$x_1$\n```", "<pre><code>$x_1$\n</code></pre>\n"},
		// Money, and dollars that open nothing.
		{"costs $5 and $10", "<p>costs $5 and $10</p>\n"},
		{"costs $5, not *$10*", "<p>costs $5, not <em>$10</em></p>\n"},
		{"$ x$ and $x $", "<p>$ x$ and $x $</p>\n"},
		{"$x$5", "<p>$x$5</p>\n"},
		{`\$x\$`, "<p>$x$</p>\n"},
		{"a $_unclosed_ formula", "<p>a $<em>unclosed</em> formula</p>\n"},
		{"$$ $$", "<p>$$ $$</p>\n"},
		{"a lone \\( and \\[", "<p>a lone ( and [</p>\n"},
		{"$x\n\n$y", "<p>$x</p>\n<p>$y</p>\n"}, // never across paragraphs
		// Markdown's escapes still work outside formulas.
		{`\*not emphasis\* $a*b*c$`, `<p>*not emphasis* <span class="math inline">$a*b*c$</span></p>` + "\n"},
	}
	r := NewRenderer()
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, r.Comment(tt.in)); diff != "" {
			t.Errorf("Comment(%q) mismatch (-want +got):\n%s", tt.in, diff)
		}
	}
}

// TestCommentMathHostile checks that what a formula holds is text, never
// markup, whatever it holds.
func TestCommentMathHostile(t *testing.T) {
	r := NewRenderer()
	for _, in := range []string{
		`$<script>alert(1)</script>$`,
		`$"><img src=x onerror=alert(1)>$`,
		`$$</span><script>alert(1)</script>$$`,
		`\(<a href="javascript:alert(1)">x</a>\)`,
		`$[x](javascript:alert(1))$`,
		`$\href{javascript:alert(1)}{x}$`,
		"$<svg onload=alert(1)>$",
		"$&lt;script&gt;$",
		"$\x00$",
		"$\xff\xfe$",
	} {
		got := r.Comment(in)
		if problems := unsafeMarkup(got); problems != nil {
			t.Errorf("Comment(%q) = %q\nunsafe: %q", in, got, problems)
		}
		if formulas := mathText(t, got); len(formulas) != 1 {
			t.Errorf("Comment(%q) = %q, want one formula", in, got)
		}
	}
}

// TestCommentMathVerbatim checks that a formula reaches the page as typed:
// the text of its span, once the browser has read the HTML, is the source.
func TestCommentMathVerbatim(t *testing.T) {
	r := NewRenderer()
	for _, formula := range []string{
		`$\mathbb{E}_{t}\|x\|^2$`,
		`$a \& b \_ c \* d \\ e$`,
		`$$\begin{pmatrix} a & b \\ c & d \end{pmatrix}$$`,
		`\(\left\langle x_{i}, y_{j} \right\rangle\)`,
		`$[a](b) <c> "d" 'e' &amp;$`,
		`$**x** __y__ ~~z~~$`,
	} {
		got := mathText(t, r.Comment("before "+formula+" after"))
		if diff := cmp.Diff([]string{formula}, got); diff != "" {
			t.Errorf("formula %q mismatch (-want +got):\n%s", formula, diff)
		}
	}
}

// TestCommentMathHuge renders long hostile runs of delimiters: every
// formula is found by scanning to its closing delimiter, so none of these
// may take long.
func TestCommentMathHuge(t *testing.T) {
	r := NewRenderer()
	for name, in := range map[string]string{
		"dollars":          strings.Repeat("$", 100000),
		"openings":         strings.Repeat("$a ", 50000),
		"display openings": strings.Repeat("$$a\n", 30000),
		"parens":           strings.Repeat(`\(`, 50000),
		"long formula":     "$$" + strings.Repeat("x)\n", 30000) + "$$",
		"unclosed lines":   `\(` + strings.Repeat("a)\n", 30000),
		"formulas":         strings.Repeat("$x_1$ ", 20000),
	} {
		start := time.Now()
		got := r.Comment(in)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%s: %d bytes took %v", name, len(in), d)
		}
		if problems := unsafeMarkup(got); problems != nil {
			t.Errorf("%s: unsafe: %q", name, problems[:1])
		}
	}
}

// mathText returns the text of each formula's span in rendered HTML, as a
// browser would read it.
func mathText(t *testing.T, rendered string) []string {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(rendered))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "span" {
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				b.WriteString(c.Data)
			}
			out = append(out, b.String())
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return out
}
