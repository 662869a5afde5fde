package main

import (
	"context"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestScoreOf checks the metrics on outcomes worked out by hand.
func TestScoreOf(t *testing.T) {
	for _, tc := range []struct {
		name string
		outs []outcome
		want score
	}{
		{"ranks 1, 2, none", []outcome{{1, 10}, {2, 10}, {0, 0}}, score{3, (1 + 0.5 + 0) / 3, 2.0 / 3, 1.0 / 3}},
		{"target beyond the cutoff counts nothing", []outcome{{11, 51}, {10, 51}}, score{2, (0 + 0.1) / 2, 0.5, 0}},
		{"found others but not the target", []outcome{{0, 5}, {4, 5}}, score{2, 0.125, 0.5, 0}},
		{"no queries", nil, score{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scoreOf(tc.outs)
			if got.Queries != tc.want.Queries || !near(got.MRR, tc.want.MRR) || !near(got.Recall, tc.want.Recall) || !near(got.None, tc.want.None) {
				t.Errorf("scoreOf = %+v, want %+v", got, tc.want)
			}
		})
	}
	if got := rankOf([]string{"a", "b", "c"}, "c"); got != 3 {
		t.Errorf("rankOf = %d, want 3", got)
	}
}

func TestFTSMatch(t *testing.T) {
	for in, want := range map[string]string{
		`learned graph representation`:  `"learned" OR "graph" OR "representation"`,
		`title:graph -noise NOT "x" OR`: `"title" OR "graph" OR "noise" OR "not" OR "x" OR "or"`,
		`GPT-4 GPT`:                     `"gpt" OR "4"`,
		`*** ()`:                        ``,
	} {
		if got := ftsMatch(in); got != want {
			t.Errorf("ftsMatch(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWordForms(t *testing.T) {
	for in, want := range map[string][]string{
		"learning":        {"learned", "learner"},
		"learned":         {"learning"},
		"representations": {"representing", "represented", "representation"},
		"generation":      {"generating", "generated", "generations"},
		"classifying":     {"classification", "classified"},
		"detection":       {"detecting", "detected", "detections"},
		"transformers":    {"transforming", "transformer"},
		"graph":           {"graphs"},
		"studies":         {"study"},
		"query":           {"queries"},
		"speed":           nil,
		"neural":          nil,
		"deep":            nil,
		"the":             nil,
	} {
		if diff := cmp.Diff(want, wordForms(in)); diff != "" {
			t.Errorf("wordForms(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestVariantTitleChangesAWord(t *testing.T) {
	known := func(string) bool { return true }
	title := "Learning Graph Representations"
	got, ok := variantTitle(title, rand.New(rand.NewPCG(1, 2)), known)
	if !ok || got == strings.ToLower(title) || len(strings.Fields(got)) != 3 {
		t.Errorf("variantTitle(%q) = %q, %v", title, got, ok)
	}
	again, _ := variantTitle(title, rand.New(rand.NewPCG(1, 2)), known)
	if again != got {
		t.Errorf("same seed gave %q and %q", got, again)
	}
	if _, ok := variantTitle("On the QCD of it", rand.New(rand.NewPCG(1, 2)), known); ok {
		t.Error("a title without inflectable words got a variant")
	}
}

// TestCheckedInQueries: the query files parse and hold at least 300
// queries of each kind, the questions one per paper (paraphrased or not).
func TestCheckedInQueries(t *testing.T) {
	qs, err := readQueries("testdata/queries.tsv", "")
	if err != nil {
		t.Fatal(err)
	}
	questions, err := readQueries("testdata/questions.tsv", kindQuestion)
	if err != nil {
		t.Fatal(err)
	}
	paraphrases, err := readParaphrases("testdata/questions-paraphrased.tsv")
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	seen := map[string]bool{}
	for _, q := range slices.Concat(qs, questions, paraphrases) {
		count[q.Kind]++
		if q.Kind == kindQuestion || q.Kind == kindParaphrase || q.Kind == kindParaphraseHeld {
			if seen[q.PaperID] {
				t.Errorf("two questions for %s", q.PaperID)
			}
			seen[q.PaperID] = true
		}
	}
	for _, k := range allKinds {
		want := 300
		if k == kindParaphrase || k == kindParaphraseHeld {
			want = 90 // 200 or more, split in two halves
		}
		if count[k] < want {
			t.Errorf("%d queries of kind %s, want at least %d", count[k], k, want)
		}
	}
}

// TestHarnessOnADay runs the harness end to end on the Hugging Face days
// of testdata: both systems find exact titles, and generation is
// deterministic.
func TestHarnessOnADay(t *testing.T) {
	ctx := context.Background()
	st, c, err := openCorpus(ctx, filepath.Join(t.TempDir(), "eval.db"), "../../testdata/hf")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if len(c.papers) < 100 {
		t.Fatalf("%d papers imported", len(c.papers))
	}
	qs := generate(c, 20)
	if diff := cmp.Diff(qs, generate(c, 20)); diff != "" {
		t.Fatalf("generate is not deterministic:\n%s", diff)
	}
	fts, err := newFTSBaseline(ctx, c.papers)
	if err != nil {
		t.Fatal(err)
	}
	defer fts.Close()
	kinds := []string{kindTitle, kindForms, kindAbstract, kindAuthor}
	for _, sys := range []system{storeSystem{name: "store", st: st}, fts} {
		res, err := evaluate(ctx, sys, qs, kinds)
		if err != nil {
			t.Fatal(err)
		}
		for _, k := range kinds {
			if s := res.Kinds[k]; s.Queries != 20 || s.MRR < 0 || s.MRR > s.Recall || s.Recall > 1 {
				t.Errorf("%s, %s: %+v", sys.Name(), k, s)
			}
		}
		if s := res.Kinds[kindTitle]; s.MRR < 0.9 {
			t.Errorf("%s finds exact titles with MRR %.3f", sys.Name(), s.MRR)
		}
	}
}
