package search_test

import (
	"regexp"
	"testing"

	"github.com/dailypapers/dailypapers/internal/highlight"
	"github.com/dailypapers/dailypapers/internal/search"
	"github.com/google/go-cmp/cmp"
)

// TestHighlightAgreesWithScore: a word of a text is highlighted for a query
// exactly when the scorer counts it, as both ask one Matcher.
func TestHighlightAgreesWithScore(t *testing.T) {
	marked := regexp.MustCompile("\x02([^\x03]*)\x03")
	tests := []struct{ query, text string }{
		{"learning graph representations", "Learning to learn: learned graphs and Graphene representations"},
		{"attention is all you need", "Attention is all you need, attentional attentive"},
		{"schrodinger OR bridges -diffusion", "Schrödinger bridges, Schro\u0308dinger bridge, bridged diffusion"},
		{`"graph neural" au:hinton`, "Hinton's graph neural networks, Hinton graphs"},
		{"gpt4 4 a", "GPT-4 and GPT4: a model; i ies ied"},
		{"ies agents", "I, ies, reagents for agents, agent"},
		{"über modelle", "Über große Modelle, uber model"},
		{"state-of-the-art", "the state of the art, stated arts"},
	}
	for _, tt := range tests {
		q := search.Parse(tt.query)
		var got []string
		for _, m := range marked.FindAllStringSubmatch(highlight.HTML(tt.text, q.Words(), "\x02", "\x03"), -1) {
			got = append(got, m[1])
		}
		if diff := cmp.Diff(search.CountedWords(tt.query, tt.text), got); diff != "" {
			t.Errorf("%q in %q: highlighted (+) and counted (-) differ:\n%s", tt.query, tt.text, diff)
		}
	}
}
