package search

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestAppendWords(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Attention Is All You Need", []string{"attention", "is", "all", "you", "need"}},
		{"GPT-4o: a 2-stage (RL)HF", []string{"gpt", "4o", "a", "2", "stage", "rl", "hf"}},
		{"Schrödinger's café, naïve Ångström", []string{"schrodinger", "s", "cafe", "naive", "angstrom"}},
		// Decomposed input folds the same as precomposed.
		{"Schro\u0308dinger", []string{"schrodinger"}},
		// Compatibility forms fold too: ligatures, full-width letters.
		{"\ufb01ne-tuning \uff27\uff30\uff34", []string{"fine", "tuning", "gpt"}},
		{"Straße ΑΒΓ δ-function", []string{"straße", "αβγ", "δ", "function"}},
		{"$\\mathcal{O}(n^2)$ time", []string{"mathcal", "o", "n", "2", "time"}},
		{"深度学习 model", []string{"深度学习", "model"}},
		{"\"quoted\" OR NEAR(a b) * - : \\", []string{"quoted", "or", "near", "a", "b"}},
		{"'; DROP TABLE papers; --", []string{"drop", "table", "papers"}},
		{"invalid \xff\xfe utf8", []string{"invalid", "utf8"}},
	}
	for _, tt := range tests {
		if got := AppendWords(nil, tt.in); !cmp.Equal(got, tt.want) {
			t.Errorf("AppendWords(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLongWordsAreCut(t *testing.T) {
	long := strings.Repeat("a", 500) + " " + strings.Repeat("é", 100)
	got := AppendWords(nil, long)
	if len(got) != 2 {
		t.Fatalf("got %d words, want 2", len(got))
	}
	for _, w := range got {
		if len(w) > MaxWordLen || !utf8.ValidString(w) {
			t.Errorf("word of %d bytes (valid UTF-8: %v), want at most %d", len(w), utf8.ValidString(w), MaxWordLen)
		}
	}
}

// checkWords is what every word must be, whatever the input.
func checkWords(t *testing.T, text string, words []string) {
	t.Helper()
	for _, w := range words {
		if w == "" || len(w) > MaxWordLen || !utf8.ValidString(w) {
			t.Fatalf("AppendWords(%q) gave %q", text, w)
		}
		for _, r := range w {
			if !unicode.IsLetter(r) && !unicode.IsNumber(r) {
				t.Fatalf("AppendWords(%q) gave %q, with %q", text, w, r)
			}
		}
		// Splitting a word again gives the word: queries and papers agree.
		if again := AppendWords(nil, w); len(again) != 1 || again[0] != w {
			t.Fatalf("AppendWords(%q) = %q, not the word itself", w, again)
		}
	}
}

func FuzzAppendWords(f *testing.F) {
	for _, s := range []string{"", "Attention Is All You Need", "Schrödinger", "Schro\u0308dinger", "ǅ ß İ ﬁ", "\xff", "a\u0301\u0301b", strings.Repeat("x", 100)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		checkWords(t, text, AppendWords(nil, text))
	})
}

func TestEachWordAt(t *testing.T) {
	text := "Schro\u0308dinger's (Graphene) 4o"
	type at struct {
		Written, Word string
	}
	var got []at
	EachWordAt(text, func(start, end int, w string) { got = append(got, at{text[start:end], w}) })
	want := []at{{"Schro\u0308dinger", "schrodinger"}, {"s", "s"}, {"Graphene", "graphene"}, {"4o", "4o"}}
	if !cmp.Equal(got, want) {
		t.Errorf("EachWordAt(%q) = %q, want %q", text, got, want)
	}
}
