package usertext

import (
	"strings"
	"testing"
)

// FuzzComment checks that no input at all, however malformed, renders to
// markup that could run script or load content from elsewhere.
func FuzzComment(f *testing.F) {
	for _, v := range loadXSS(f) {
		f.Add(v)
	}
	r := NewRenderer()
	f.Fuzz(func(t *testing.T, markdown string) {
		got := r.Comment(markdown)
		if problems := unsafeMarkup(got); problems != nil {
			t.Errorf("Comment(%q) = %q\nunsafe: %q", markdown, got, problems)
		}
	})
}

// FuzzLinkURL checks that every link LinkURL accepts is an https URL that
// needs no escaping in an HTML attribute, and that accepting is stable:
// a normalized link is accepted again unchanged.
func FuzzLinkURL(f *testing.F) {
	for _, v := range loadXSS(f) {
		f.Add(v)
	}
	for _, v := range []string{
		"https://github.com/a/b", "https://GitHub.com/a/b?x=1#y", "https://bücher.example/ä",
		"https://a.b:8443/%41", "https://user@a.b/", "http://a.b/", "https://a.b/x?q=<",
	} {
		f.Add(v)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		got, err := LinkURL(raw)
		if err != nil || got == "" {
			return
		}
		if !strings.HasPrefix(got, "https://") {
			t.Errorf("LinkURL(%q) = %q, not https", raw, got)
		}
		if i := strings.IndexFunc(got, badLinkRune); i >= 0 {
			t.Errorf("LinkURL(%q) = %q, contains %q", raw, got, got[i:])
		}
		again, err := LinkURL(got)
		if err != nil || again != got {
			t.Errorf("LinkURL(%q) = %q, but LinkURL(%q) = %q, %v", raw, got, got, again, err)
		}
	})
}

// FuzzCommentMath checks formulas in any input: the output is safe, and
// every formula reaches the page whole, from its opening delimiter to the
// matching closing one, as text.
func FuzzCommentMath(f *testing.F) {
	for _, v := range []string{
		`$\mathbb{E}_{t}\|x\|^2$`, "$$\na_1\n$$", `\(x\)`, `\[x\]`, "costs $5 and $10", "$x$5",
		"> $$a\n> b$$", "- $a\n  b$", "`$x$` $y$", `$a\$b$`, "$<b>$", "| $a|b$ |\n|---|\n| $c$ |",
		"[$a$](https://x.example/$b$)", "*$a*$*", "$$$$$", `\\(x\\)`,
	} {
		f.Add(v)
	}
	r := NewRenderer()
	f.Fuzz(func(t *testing.T, markdown string) {
		got := r.Comment(markdown)
		if problems := unsafeMarkup(got); problems != nil {
			t.Fatalf("Comment(%q) = %q\nunsafe: %q", markdown, got, problems)
		}
		for _, formula := range mathText(t, got) {
			if !delimited(formula) {
				t.Errorf("Comment(%q) = %q: formula %q is not whole", markdown, got, formula)
			}
		}
	})
}

// delimited reports whether a formula starts and ends with a matching pair
// of delimiters around something.
func delimited(formula string) bool {
	for _, d := range [][2]string{{"$$", "$$"}, {`\[`, `\]`}, {`\(`, `\)`}, {"$", "$"}} {
		if strings.HasPrefix(formula, d[0]) && strings.HasSuffix(formula, d[1]) && len(formula) > len(d[0])+len(d[1]) {
			return true
		}
	}
	return false
}
