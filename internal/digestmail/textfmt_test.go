package digestmail

import (
	"strings"
	"testing"
)

func TestOneLine(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Plain title", "Plain title"},
		{"Instruct-MusicGen: Unlocking Text-to-Music Editing for Music Language\n  Models", "Instruct-MusicGen: Unlocking Text-to-Music Editing for Music Language Models"},
		{"Title\r\nBcc: victim@example.org", "Title Bcc: victim@example.org"},
		{"a\rb\nc\td\x00e\x7ff\u0085g\u2028h\u2029i", "a b c d e f g h i"},
		{"  \t lead and trail \n", "lead and trail"},
		{"right\u202Eto left\u2066x\u2069\u200F", "rightto leftx"},
		{"\uFEFFbom", "bom"},
		{"bad \xff utf-8", "bad \uFFFD utf-8"},
		{"Schrödinger's 量子 model", "Schrödinger's 量子 model"},
		{"no\u00a0break", "no break"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := oneLine(tt.in); got != tt.want {
			t.Errorf("oneLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClip(t *testing.T) {
	long := "We study how the loss of sparse mixture-of-experts models scales with the number of experts"
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{long, 40, "We study how the loss of sparse…"},
		// The cut falls right after a word: that word stays.
		{"alpha beta gamma", 11, "alpha beta…"},
		// Punctuation before the cut is dropped.
		{"alpha, beta; gamma", 8, "alpha…"},
		// No space in the second half: cut inside the word.
		{"a https://example.org/a/very/long/path/without/spaces", 20, "a https://example.o…"},
		// Half a formula is dropped.
		{"We bound $\\mathcal{O}(n \\log n)$ steps", 20, "We bound…"},
		// Wide characters take two columns.
		{"量子量子量子量子量子", 9, "量子量子…"},
	}
	for _, tt := range tests {
		got := clip(tt.in, tt.n)
		if got != tt.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
		if w := textWidth(got); w > tt.n {
			t.Errorf("clip(%q, %d) is %d columns", tt.in, tt.n, w)
		}
	}
}

// TestSummaryCut checks the summary as Compose cuts it: about two lines of
// the HTML part, at a word, with an ellipsis.
func TestSummaryCut(t *testing.T) {
	abstract := strings.Repeat("Diffusion models have revolutionized image and video generation. ", 8)
	got := summary(abstract)
	if !strings.HasSuffix(got, "…") || textWidth(got) > summaryLen || textWidth(got) < summaryLen-20 {
		t.Fatalf("summary = %q (%d columns)", got, textWidth(got))
	}
	if full := clip(oneLine(abstract), summaryLen); got != full {
		t.Errorf("summary = %q, want %q as from the whole text", got, full)
	}
	// Cleaning only the start gives what cleaning everything gives.
	others := []string{"量子 " + strings.Repeat("量子力学", 100), strings.Repeat("word\r\n\t ", 60), "short\n"}
	for _, name := range goldenNames {
		c := loadContent(t, name)
		for _, it := range append(c.Top, c.Picks...) {
			others = append(others, it.Summary)
		}
	}
	for _, s := range others {
		if got, want := summary(s), clip(oneLine(s), summaryLen); got != want {
			t.Errorf("summary(%.40q…) = %q, want %q", s, got, want)
		}
	}
	// A summary that starts with a long run of white space.
	padded := strings.Repeat(" \n", 2*summaryLen) + "Short summary."
	if got := summary(padded); got != "Short summary." {
		t.Errorf("summary of padded text = %q", got)
	}
	last := strings.Fields(strings.TrimSuffix(got, "…"))
	if w := last[len(last)-1]; !strings.Contains(abstract, " "+w+" ") && !strings.Contains(abstract, " "+w+".") {
		t.Errorf("summary %q ends inside a word (%q)", got, w)
	}
}

func TestAuthorLine(t *testing.T) {
	tests := []struct {
		in   []string
		want string
	}{
		{nil, ""},
		{[]string{"Ada Lovelace"}, "Ada Lovelace"},
		{[]string{"A", "B"}, "A, B"},
		{[]string{"A", "B", "C"}, "A, B, C"},
		{[]string{"A", "B", "C", "D"}, "A, B, C et\u00a0al."},
		{[]string{" A\n", "", "B", "C\r\nBcc: x@example.org", "D", "E"}, "A, B, C Bcc: x@example.org et\u00a0al."},
	}
	for _, tt := range tests {
		if got := authorLine(tt.in); got != tt.want {
			t.Errorf("authorLine(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestCount(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{
		{0, "0 upvotes"}, {1, "1 upvote"}, {2, "2 upvotes"}, {999, "999 upvotes"},
		{1204, "1,204 upvotes"}, {1234567, "1,234,567 upvotes"}, {-1500, "-1,500 upvotes"},
	}
	for _, tt := range tests {
		if got := count(tt.n, "upvote", "upvotes"); got != tt.want {
			t.Errorf("count(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestWrap(t *testing.T) {
	text := "Traditional neural network training typically follows fixed, predefined optimization recipes, lacking the flexibility to respond."
	got := wrap(text, 40, " 1. ", "    ")
	want := ` 1. Traditional neural network training
    typically follows fixed, predefined
    optimization recipes, lacking the
    flexibility to respond.`
	if got != want {
		t.Errorf("wrap =\n%s\nwant\n%s", got, want)
	}
	// A word longer than a line is not broken; a no-break space holds.
	got = wrap("see https://example.org/a/very/long/path/that/does/not/fit here A, B et\u00a0al.", 20, "", "")
	want = "see\nhttps://example.org/a/very/long/path/that/does/not/fit\nhere A, B et\u00a0al."
	if got != want {
		t.Errorf("wrap =\n%q\nwant\n%q", got, want)
	}
	if got := wrap("", 20, " 1. ", "    "); got != "" {
		t.Errorf("wrap of nothing = %q", got)
	}
}

func TestCommentCount(t *testing.T) {
	tests := []struct {
		all, onHF int
		want      string
	}{
		{0, 0, "0 comments"}, {1, 0, "1 comment"}, {2, 1, "1 comment here · 1 on Hugging Face"},
		{2, 2, "2 comments on Hugging Face"}, {1, 1, "1 comment on Hugging Face"}, {1300, 1200, "100 comments here · 1,200 on Hugging Face"},
	}
	for _, tt := range tests {
		if got := commentCount(tt.all, tt.onHF); got != tt.want {
			t.Errorf("commentCount(%d, %d) = %q, want %q", tt.all, tt.onHF, got, tt.want)
		}
	}
}
