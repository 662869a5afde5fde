package usertext

import (
	"strings"
	"testing"
)

// TestCommentLargeInputs renders inputs of the largest valid size built to
// make the renderer's work or output explode, and checks that the output
// stays safe, parseable and within a small multiple of the input.
func TestCommentLargeInputs(t *testing.T) {
	const n = MaxCommentLength
	wideTable := func(prefix string, cols, rows int) string {
		return prefix + strings.Repeat("|a", cols) + "\n" +
			prefix + strings.Repeat("|-", cols) + "\n" +
			strings.Repeat(prefix+"|x\n", rows)
	}
	tests := map[string]string{
		"open brackets":        strings.Repeat("[", n),
		"unclosed links":       strings.Repeat("[a](", n/4),
		"stars":                strings.Repeat("*", n),
		"alternating stars":    strings.Repeat("*a", n/2),
		"nested emphasis":      strings.Repeat("*", n/2-1) + "a" + strings.Repeat("*", n/2-1),
		"angle brackets":       strings.Repeat("<", n),
		"unclosed tags":        strings.Repeat("<a ", n/3),
		"nested quotes":        strings.Repeat(">", n),
		"nested quotes spaced": strings.Repeat("> ", n/2),
		"nested list":          strings.Repeat("- ", n/2),
		"nested ordered list":  strings.Repeat("1. ", n/3),
		"backticks":            strings.Repeat("`a", n/2),
		"bare URLs":            strings.Repeat("http://a.b/ ", n/12),
		"www":                  strings.Repeat("www.", n/4),
		"reference defs":       strings.Repeat("[a]: http://x\n", n/14),
		"entities":             strings.Repeat("&#x6A;", n/6),
		"images in links":      strings.Repeat("[![", n/3),
		"repeated reference": "[a]: https://x.example/" + strings.Repeat("a", n/2) + "\n\n" +
			strings.Repeat("[a]", n/6),
		"repeated reference title": "[a]: https://x.example/ \"" + strings.Repeat("t", n/2) + "\"\n\n" +
			strings.Repeat("[a]", n/6),
		"repeated image reference": "[a]: https://x.example/" + strings.Repeat("a", n/2) + "\n\n" +
			strings.Repeat("![a]", n/8),
		"wide table":          wideTable("", 1500, 2000),
		"wide table in quote": wideTable("> ", 1200, 1000),
		"wide table in list":  "- " + wideTable("  ", 1200, 1000)[2:],
	}
	r := NewRenderer()
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			if len(in) > 3*n {
				t.Fatalf("input of %d bytes; keep it near the comment limit", len(in))
			}
			got := r.Comment(in)
			if problems := unsafeMarkup(got); problems != nil {
				t.Errorf("unsafe output: %q", problems[:min(len(problems), 3)])
			}
			if len(got) > 10*len(in)+1000 {
				t.Errorf("%d bytes of input rendered to %d bytes", len(in), len(got))
			}
		})
	}
}

func TestTableCellsBound(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"no table here", 0},
		{"a | b\n--|--\n1 | 2", 2 * 3},
		{"| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 | 4 |", 4 * 4},
		{"> | a |\n> |---|\n> | 1 |", 3 * 3},
		{"x || y\nz || w", 0},       // pipes, but no delimiter row
		{"setext\n------\n", 1 * 3}, // a delimiter-like line counts
		{"a\n|-|-|-|\n" + strings.Repeat("x\n", 99), 5 * 102},
	}
	for _, tt := range tests {
		if got := tableCellsBound(tt.in); got != tt.want {
			t.Errorf("tableCellsBound(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCommentDeepNestingKeepsText(t *testing.T) {
	in := strings.Repeat("> ", 100) + "deep words"
	got := NewRenderer().Comment(in)
	if !strings.Contains(got, "deep words") {
		t.Errorf("Comment lost the text of a deeply nested quote:\n%s", got)
	}
	if depth := strings.Count(got, "<blockquote>"); depth > maxDepth {
		t.Errorf("%d nested blockquotes, want at most %d", depth, maxDepth)
	}
}
