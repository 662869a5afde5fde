package search

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestDefinitions(t *testing.T) {
	tests := []struct {
		text string
		want []Definition
	}{
		{"Recently, Large Language Models (LLMs) have been applied to testing.",
			[]Definition{{Short: "llm", Long: "larg languag model", Words: "large language models"}}},
		{"advanced Chain-of-Thought (CoT) reasoning", []Definition{{Short: "cot", Long: "chain of thought", Words: "chain of thought"}}},
		{"Quantum key distribution (QKD) can be used", []Definition{{Short: "qkd", Long: "quantum key distribut", Words: "quantum key distribution"}}},
		{"self-supervised learning (SSL) has", []Definition{{Short: "ssl", Long: "self supervis learn", Words: "self supervised learning"}}},
		// not abbreviations, or not defined by the words before them
		{"the results (see below) and (a) and (ii)", nil},
		{"a model (Figure 3)", nil},
		{"we use GPT-4 (GPT) here", nil},
		{"it works well (LLM)", nil},
		{"(QKD) at the start", nil},
		{"relays that amplify and forward (AF)", nil},
	}
	for _, tt := range tests {
		if diff := cmp.Diff(tt.want, Definitions(tt.text)); diff != "" {
			t.Errorf("Definitions(%q) (-want +got):\n%s", tt.text, diff)
		}
	}
}

func TestDefinitionsOncePerText(t *testing.T) {
	got := Definitions("reinforcement learning (RL) ... and then reinforcement learning (RL) again")
	if len(got) != 1 {
		t.Errorf("got %v, want one definition", got)
	}
}

func TestMayAbbreviate(t *testing.T) {
	caps := Capitals("how do LLMs and CoT map a Picture")
	for w, want := range map[string]bool{"llms": true, "cot": true, "map": false, "picture": false, "rl": true, "qkd": true, "is": false, "a": false} {
		if got := MayAbbreviate(w, caps); got != want {
			t.Errorf("MayAbbreviate(%q) = %v, want %v", w, got, want)
		}
	}
}

func TestExpand(t *testing.T) {
	pairs := []Pair{
		{Definition{Short: "llm", Long: "larg languag model", Words: "large language models"}, 40},
		{Definition{Short: "llm", Long: "law lot model", Words: "law lot models"}, 3},
		{Definition{Short: "rl", Long: "reinforc learn", Words: "reinforcement learning"}, 12},
		{Definition{Short: "ql", Long: "quantum learn", Words: "quantum learning"}, 2}, // too few papers
	}
	words := []string{"can", "llms", "do", "reinforcement", "learning", "", "quantum", "learning"}
	shorts, longs := Keys(words, nil)
	if diff := cmp.Diff([]string{"llms", "llm"}, shorts); diff != "" {
		t.Errorf("shorts (-want +got):\n%s", diff)
	}
	for _, want := range []string{"llm do reinforc learn", "reinforc learn", "quantum learn"} {
		found := false
		for _, l := range longs {
			found = found || l == want
		}
		if !found {
			t.Errorf("longs %q lack %q", longs, want)
		}
	}
	got := Expand(words, nil, pairs)
	want := []Expansion{
		{From: [2]int{1, 2}, Alts: [][]string{{"larg", "languag", "model"}, {"llm"}, {"llms"}}, Typed: "llms", Also: "large language models"},
		{From: [2]int{3, 5}, Alts: [][]string{{"rl"}, {"rls"}}, Typed: "reinforcement learning", Also: "rl"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
}
