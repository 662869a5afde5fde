package store

import (
	"testing"
	"time"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		in   string
		want query
	}{
		{"Graph Neural nets", query{groups: [][]string{{"graph"}, {"neural"}, {"nets"}}, plain: true}},
		{`"all you need" -gpt -"large model"`, query{
			groups:  [][]string{{"all"}, {"you"}, {"need"}},
			must:    []phrase{{words: []string{"all", "you", "need"}, exact: true}},
			mustNot: []phrase{{words: []string{"gpt"}}, {words: []string{"large", "model"}, exact: true}},
		}},
		{"a OR b c", query{groups: [][]string{{"a", "b"}, {"c"}}}},
		{"OR a OR", query{groups: [][]string{{"a"}}}},
		{`au:Hinton ti:"deep belief" abs:sparse`, query{
			groups: [][]string{{"hinton"}, {"deep"}, {"belief"}, {"sparse"}},
			must: []phrase{{field: authorsField, words: []string{"hinton"}},
				{field: titleField, words: []string{"deep", "belief"}, exact: true}, {field: abstractField, words: []string{"sparse"}}},
		}},
		{"cat:cs.LG year:2019-2021 year:2020", query{cats: []string{"cs.LG"}, from: "2020-01-01", to: "2020-12-31"}},
		{"year:soon", query{groups: [][]string{{"soon"}}}},
		{"x:y state-of-the-art", query{groups: [][]string{{"x"}, {"y"}, {"state"}, {"of"}, {"the"}, {"art"}}, plain: true}},
		{`"unbalanced quote`, query{groups: [][]string{{"unbalanced"}, {"quote"}},
			must: []phrase{{words: []string{"unbalanced", "quote"}, exact: true}}}},
	}
	for _, tt := range tests {
		got := parseSearch(tt.in)
		got.text = "" // the text as typed, kept as it is
		if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(query{}, phrase{})); diff != "" {
			t.Errorf("parseSearch(%q) (-want +got):\n%s", tt.in, diff)
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
		q := parseSearch(s)
		words := 0
		for _, g := range q.groups {
			if len(g) == 0 {
				t.Fatalf("parseSearch(%q): an empty group", s)
			}
			for _, w := range g {
				if w == "" || !utf8.ValidString(w) {
					t.Fatalf("parseSearch(%q): word %q", s, w)
				}
				words++
			}
		}
		if words > maxQueryWords*2 {
			t.Fatalf("parseSearch(%q): %d words", s, words)
		}
		for _, p := range append(q.must, q.mustNot...) {
			if len(p.words) == 0 {
				t.Fatalf("parseSearch(%q): an empty phrase", s)
			}
		}
		for _, d := range []string{q.from, q.to} {
			if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
				t.Fatalf("parseSearch(%q): day %q", s, d)
			}
		}
	})
}
