package bibtex

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func authorsOf(names ...string) []paper.Author {
	as := make([]paper.Author, len(names))
	for i, n := range names {
		as[i] = paper.Author{Name: n}
	}
	return as
}

// goldenPapers are real papers of the Kaggle snapshot (testdata/kaggle):
// one with TeX in its title, one with accented authors (TeX accents, as
// arXiv gives them) and one whose title breaks across lines.
var goldenPapers = []paper.Paper{
	{
		ID:          "0704.0011",
		Title:       "Computing genus 2 Hilbert-Siegel modular forms over $\\Q(\\sqrt{5})$ via\n  the Jacquet-Langlands correspondence",
		Authors:     authorsOf("Clifton Cunningham", "Lassina Dembele"),
		Categories:  []string{"math.NT", "math.AG"},
		PublishedAt: time.Date(2007, 3, 31, 5, 32, 49, 0, time.UTC),
	},
	{
		ID:          "0704.0062",
		Title:       "On-line Viterbi Algorithm and Its Relationship to Random Walks",
		Authors:     authorsOf(`Rastislav \v{S}r\'amek`, `Bro\v{n}a Brejov\'a`, `Tom\'a\v{s} Vina\v{r}`),
		Categories:  []string{"cs.DS"},
		PublishedAt: time.Date(2007, 3, 31, 23, 52, 33, 0, time.UTC),
	},
	{
		ID:              "hep-th/9901001",
		Title:           "Calculation of 100% of {braces} & #hashes_ in \\LaTeX: $x^2 % comment$ and $\\input{/etc/passwd}$",
		Authors:         authorsOf("Ada Lovelace, Jr.", "Research and Development Team"),
		PrimaryCategory: "hep-th",
		PublishedAt:     time.Date(1999, 1, 4, 0, 0, 0, 0, time.UTC),
	},
}

func TestGolden(t *testing.T) {
	var b strings.Builder
	if err := Write(&b, append(goldenPapers, goldenPapers[0])); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden.bib")
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), b.String()); diff != "" {
		t.Errorf("BibTeX (-want +got); run with -update if the change is right:\n%s", diff)
	}
}

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain words", "plain words"},
		{`$\mathcal{O}(n^2)$ time`, `$\mathcal{O}(n^2)$ time`},
		{"50% & more", `50\% \& more`},
		{"a}b{c", `a{\textbraceright}b{\textbraceleft}c`},
		{`back\slash`, `back{\textbackslash}slash`},
		{"lone $ sign", `lone \$ sign`},
		{"$}$", `\${\textbraceright}\$`},
		{`$\end{document}$`, `\${\textbackslash}end{\textbraceleft}document{\textbraceright}\$`},
		{`Schr\"odinger`, "Schrödinger"},
		{"two\nlines\ttabbed", "two lines tabbed"},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	if got := Key(goldenPapers[1]); got != "sramek2007onlineviterbi" {
		t.Errorf("Key = %q", got)
	}
	if got := Key(paper.Paper{ID: "2401.00001", Title: "$x$"}); got != "arxiv" {
		t.Errorf("Key(no author, no year) = %q, want arxiv", got)
	}
}

// balanced reports whether braces balance in s, counted as BibTeX counts
// them (a backslash escapes nothing), never closing more than it opened.
func balanced(s string) bool {
	depth := 0
	for _, r := range s {
		switch r {
		case '{':
			depth++
		case '}':
			if depth--; depth < 0 {
				return false
			}
		}
	}
	return depth == 0
}

func FuzzEntry(f *testing.F) {
	for _, p := range goldenPapers {
		f.Add(p.Title, p.Authors[0].Name, p.ID)
	}
	f.Add("}\n@misc{evil, title={x", "A} and {B", "cs.CL}")
	f.Add(`$\}$ $$a{$$ \\{`, `{\'}`, `%`)
	f.Fuzz(func(t *testing.T, title, author, category string) {
		p := paper.Paper{ID: "2401.01234", Title: title, Authors: authorsOf(author, "B. Other"), Categories: []string{category}}
		e := Entry(p, Key(p))
		if !balanced(e) {
			t.Fatalf("unbalanced braces in\n%s", e)
		}
		lines := strings.Split(strings.TrimSuffix(e, "\n"), "\n")
		for _, l := range lines[1 : len(lines)-1] {
			if !strings.HasPrefix(l, "      ") || !strings.HasSuffix(l, "},") {
				t.Fatalf("field line %q is not one field", l)
			}
			name, value, _ := strings.Cut(strings.TrimSpace(l), "={")
			if !balanced(strings.TrimSuffix(value, "},")) || strings.ContainsAny(name, "{}") {
				t.Fatalf("field %q: its value is unbalanced on its own: %q", name, value)
			}
		}
		if lines[len(lines)-1] != "}" || !strings.HasPrefix(lines[0], "@misc{") {
			t.Fatalf("entry does not open and close as one:\n%s", e)
		}
	})
}
