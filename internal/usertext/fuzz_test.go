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
