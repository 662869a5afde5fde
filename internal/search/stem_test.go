package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestStem(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"learning", "learn"}, {"learned", "learn"}, {"learns", "learn"},
		{"representations", "represent"}, {"representation", "represent"},
		{"studies", "studi"}, {"study", "studi"},
		{"graph", "graph"}, {"is", "is"},
		{"4o", "4o"}, {"gpt4", "gpt4"}, {"αβγ", "αβγ"}, // not a–z: their own stem
		{"llms", "llm"}, {"llm", "llm"}, {"cnns", "cnn"}, {"gnns", "gnn"}, {"gans", "gan"}, // abbreviations' plurals
		{"mrs", "mr"}, {"rhythms", "rhythm"},
	} {
		if got := Stem(tt.in); got != tt.want {
			t.Errorf("Stem(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestAddPaper: every word, the stem of each word that differs from it, and
// the title's stems are indexed.
func TestAddPaper(t *testing.T) {
	b := NewBuilder()
	b.AddPaper(7, "Learning Graphs", "graph learners")
	var got []string
	for _, p := range b.Pages() {
		ps, err := Decode(p.Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, posting := range ps {
			got = append(got, posting.Term)
		}
	}
	want := []string{"^graph", "^learn", "graph", "graphs", "learners", "learning", "~graph", "~learn", "~learner"}
	if !cmp.Equal(got, want) {
		t.Errorf("terms = %q, want %q", got, want)
	}
}

// TestAddPaperPostings: capitalised words (lower-cased into the Builder's
// buffer) land in the same lists as their lower-case forms, once a paper.
func TestAddPaperPostings(t *testing.T) {
	b := NewBuilder()
	b.AddPaper(1, "Deep Learning", "Deep deep DEEP")
	b.AddPaper(2, "DEEP Nets", "learning")
	got := map[string][]int64{}
	for _, p := range b.Pages() {
		ps, err := Decode(p.Data)
		if err != nil {
			t.Fatal(err)
		}
		for _, posting := range ps {
			got[posting.Term] = posting.Seqs
		}
	}
	want := map[string][]int64{
		"deep": {1, 2}, "^deep": {1, 2}, "learning": {1, 2}, "~learn": {1, 2}, "^learn": {1},
		"nets": {2}, "~net": {2}, "^net": {2},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("postings (-want +got):\n%s", diff)
	}
}

func TestCount(t *testing.T) {
	b := NewBuilder()
	for seq := range int64(5) {
		b.AddText(seq, "common")
	}
	b.AddText(9, "rare")
	page := b.Pages()[0].Data
	for term, want := range map[string]int{"common": 5, "rare": 1, "absent": 0, "zzz": 0} {
		if got, err := Count(page, term); err != nil || got != want {
			t.Errorf("Count(%q) = %d, %v; want %d", term, got, err, want)
		}
	}
}
