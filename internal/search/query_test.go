package search

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		in   string
		want Query
	}{
		{"Graph Neural nets", Query{groups: [][]string{{"graph"}, {"neural"}, {"nets"}}, plain: true}},
		{`"all you need" -gpt -"large model"`, Query{
			groups:  [][]string{{"all"}, {"you"}, {"need"}},
			must:    []phrase{{words: []string{"all", "you", "need"}, exact: true}},
			mustNot: []phrase{{words: []string{"gpt"}}, {words: []string{"large", "model"}, exact: true}},
		}},
		{"a OR b c", Query{groups: [][]string{{"a", "b"}, {"c"}}}},
		{"OR a OR", Query{groups: [][]string{{"a"}}}},
		{`au:Hinton ti:"deep belief" abs:sparse`, Query{
			groups: [][]string{{"hinton"}, {"deep"}, {"belief"}, {"sparse"}},
			must: []phrase{{field: authorsField, words: []string{"hinton"}},
				{field: titleField, words: []string{"deep", "belief"}, exact: true}, {field: abstractField, words: []string{"sparse"}}},
		}},
		{"cat:cs.LG year:2019-2021 year:2020", Query{cats: []string{"cs.LG"}, from: "2020-01-01", to: "2020-12-31"}},
		{"year:soon", Query{groups: [][]string{{"soon"}}}},
		{"x:y state-of-the-art", Query{groups: [][]string{{"x"}, {"y"}, {"state"}, {"of"}, {"the"}, {"art"}}, plain: true}},
		{`"unbalanced quote`, Query{groups: [][]string{{"unbalanced"}, {"quote"}},
			must: []phrase{{words: []string{"unbalanced", "quote"}, exact: true}}}},
	}
	for _, tt := range tests {
		got := Parse(tt.in)
		got.text = "" // the text as typed, kept as it is
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(Query{}, phrase{})); diff != "" {
			t.Errorf("Parse(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

// FuzzParseSearch: anything typed parses, into bounded, well-formed words
// and dates. Its seed corpus is testdata/fuzz/FuzzParseSearch.
func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{`"a b" -c OR d`, `au:"x y" ti: abs:-`, `year:2019..2021 cat:cs.LG`, "\xff\x00\"", `-"`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := Parse(s)
		words := 0
		for _, g := range q.groups {
			if len(g) == 0 {
				t.Fatalf("Parse(%q): an empty group", s)
			}
			for _, w := range g {
				if w == "" || !utf8.ValidString(w) {
					t.Fatalf("Parse(%q): word %q", s, w)
				}
				words++
			}
		}
		if words > maxQueryWords*2 {
			t.Fatalf("Parse(%q): %d words", s, words)
		}
		for _, p := range append(q.must, q.mustNot...) {
			if len(p.words) == 0 {
				t.Fatalf("Parse(%q): an empty phrase", s)
			}
		}
		for _, d := range []string{q.from, q.to} {
			if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
				t.Fatalf("Parse(%q): day %q", s, d)
			}
		}
	})
}
