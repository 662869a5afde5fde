package tex

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	`$\mathbb{E}_{t}\|x\|^2$`, "$$a\nb$$", `\(x\)`, `\[x\]`, "costs $5 and $10", "$x$5", `$a\$b$`, `\(a \(b\)`,
	`R\'{e}nyi $O(n^{2})$`, `$x^{\alpha_{1}}$`, `\`, `$\`, `x^`, `{{{`, `\mathbb{`, "$\xff$",
}

// FuzzFormulaAt checks that a formula found is within the text, starts
// with an opening delimiter and ends with its closing one, and that the
// answer is the same for bytes.
func FuzzFormulaAt(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, display := FormulaAt(s)
		if bn, bd := FormulaAt([]byte(s)); bn != n || bd != display {
			t.Fatalf("FormulaAt(%q) = %d, %v; for bytes %d, %v", s, n, display, bn, bd)
		}
		if n == 0 {
			return
		}
		if n > len(s) {
			t.Fatalf("FormulaAt(%q) = %d, past the end", s, n)
		}
		open, closing, d := opening(s)
		if d != display || !strings.HasSuffix(s[:n], closing) || n < len(open)+len(closing)+1 {
			t.Errorf("FormulaAt(%q) = %d, %v: %q is not a formula", s, n, display, s[:n])
		}
	})
}

// FuzzText checks that Text writes valid text for valid text, without
// delimiters or braces, and never panics.
func FuzzText(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Errorf("Text(%q) = %q, not valid UTF-8", s, got)
		}
		if strings.ContainsAny(got, "{}") && !strings.Contains(s, `\{`) && !strings.Contains(s, `\}`) {
			t.Errorf("Text(%q) = %q keeps braces", s, got)
		}
	})
}
