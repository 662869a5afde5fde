package highlight

import "testing"

func TestHTML(t *testing.T) {
	tests := []struct {
		text  string
		terms []string
		want  string
	}{
		{"Attention Is All You Need", []string{"attention"}, `<b>Attention</b> Is All You Need`},
		{"attention-based attentional", []string{"attention"}, `<b>attention</b>-based <b>attentional</b>`}, // one stem, attent
		{"Graph nets for Graphene", []string{"graph"}, `<b>Graph</b> nets for Graphene`},
		{"Reagents for agents", []string{"agent"}, `Reagents for <b>agents</b>`}, // another form of the word
		{"Learning to learn: learned graph representations", []string{"learns", "representation"},
			`<b>Learning</b> to <b>learn</b>: <b>learned</b> graph <b>representations</b>`},
		{"Schrödinger bridges", []string{"schrodinger"}, `<b>Schrödinger</b> bridges`},
		{"Schro\u0308dinger bridges", []string{"Schrödinger"}, "<b>Schro\u0308dinger</b> bridges"},
		{"Petar Veličković", []string{"velickovic"}, `Petar <b>Veličković</b>`},
		{"Über große Modelle", []string{"über", "modelle"}, `<b>Über</b> große <b>Modelle</b>`},
		{"GPT-4 and GPT4", []string{"4", "gpt4"}, `GPT-<b>4</b> and <b>GPT4</b>`},
		{"<b>LLM</b> & co", []string{"llm"}, `&lt;b&gt;<b>LLM</b>&lt;/b&gt; &amp; co`},
		{`"quoted" it's`, []string{"it"}, `&#34;quoted&#34; <b>it</b>&#39;s`},
		{"İstanbul KELVIN", []string{"kelvin"}, `İstanbul <b>KELVIN</b>`}, // lower case longer than the text: offsets hold
		{"no terms", nil, "no terms"},
		{"", []string{"x"}, ""},
		{"<<>>", []string{"x"}, "&lt;&lt;&gt;&gt;"},
	}
	for _, tt := range tests {
		if got := HTML(tt.text, tt.terms, "<b>", "</b>"); got != tt.want {
			t.Errorf("HTML(%q, %q)\n got %s\nwant %s", tt.text, tt.terms, got, tt.want)
		}
	}
}
