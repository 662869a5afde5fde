package api

import "testing"

func TestHighlight(t *testing.T) {
	tests := []struct {
		text  string
		terms []string
		want  string
	}{
		{"Attention Is All You Need", []string{"attention"}, `<span class="highlight">Attention</span> Is All You Need`},
		{"attention-based attentional", []string{"attention"}, `<span class="highlight">attention</span>-based attentional`},
		{"<b>LLM</b> & co", []string{"llm"}, `&lt;b&gt;<span class="highlight">LLM</span>&lt;/b&gt; &amp; co`},
		{`"quoted" it's`, []string{"it"}, `&#34;quoted&#34; <span class="highlight">it</span>&#39;s`},
		{"Über große Modelle", []string{"über", "modelle"}, `<span class="highlight">Über</span> große <span class="highlight">Modelle</span>`},
		{"GPT-4 and GPT4", []string{"4", "gpt4"}, `GPT-<span class="highlight">4</span> and <span class="highlight">GPT4</span>`},
		{"Petar Veličković", []string{"velickovic"}, `Petar <span class="highlight">Veličković</span>`},
		{"no terms", nil, "no terms"},
		{"", []string{"x"}, ""},
		{"<<>>", []string{"x"}, "&lt;&lt;&gt;&gt;"},
	}
	for _, tt := range tests {
		if got := highlight(tt.text, tt.terms); got != tt.want {
			t.Errorf("highlight(%q, %q)\n got %s\nwant %s", tt.text, tt.terms, got, tt.want)
		}
	}
}
