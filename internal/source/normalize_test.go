package source

import "testing"

func TestCleanText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"  A fully differential\n  calculation  ", "A fully differential calculation"},
		{"Ram\u00c3\u00adrez", "Ramírez"},
		{"W\u00c3\u00bcbben", "Wübben"},
		{"Ramírez", "Ramírez"},
		{"Caf\u00c3\u00a9 and $\\alpha$", "Café and $\\alpha$"},
		{"© Ãlvaro", "© Ãlvaro"},                   // no lead-then-continuation pair: left alone
		{"Ã\u00a9 — Ã\u00a9", "Ã\u00a9 — Ã\u00a9"}, // a character beyond Latin-1: not double-encoded text
		{"", ""},
	}
	for _, tt := range tests {
		if got := cleanText(tt.in); got != tt.want {
			t.Errorf("cleanText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestLooksWithdrawn(t *testing.T) {
	tests := []struct {
		comments, abstract string
		want               bool
	}{
		{"This paper has been withdrawn by the authors.", "", true},
		{"withdrawn", "", true},
		{"", "This paper has been withdrawn due to an error in Lemma 2.", true},
		{"12 pages, 3 figures", "We study withdrawal of liquidity.", false},
	}
	for _, tt := range tests {
		if got := looksWithdrawn(tt.comments, tt.abstract); got != tt.want {
			t.Errorf("looksWithdrawn(%q, %q) = %v, want %v", tt.comments, tt.abstract, got, tt.want)
		}
	}
}
