package web

import (
	"html/template"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
)

func TestClamp(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"one two three four", 12, "one two…"},
		{"We bound $O(n^2)$ and more words here", 14, "We bound…"}, // never inside $…$
		{"Thé café était fermé", 11, "Thé café…"},
		{"ééééé", 5, "éé…"}, // never inside a letter
		{"averyveryverylongwordwithoutspaces", 10, "averyveryv…"},
	}
	for _, tt := range tests {
		if got := clamp(tt.in, tt.n); got != tt.want {
			t.Errorf("clamp(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

func TestAuthorList(t *testing.T) {
	names := func(ns ...string) []paper.Author {
		var as []paper.Author
		for _, n := range ns {
			as = append(as, paper.Author{Name: n})
		}
		return as
	}
	tests := []struct {
		in   []paper.Author
		want string
	}{
		{nil, ""},
		{names("A"), "A"},
		{names("A", "B"), "A and B"},
		{names("A", "B", "C", "D", "E"), "A, B, C, D and E"}, // never "and 1 more"
		{names("A", "B", "C", "D", "E", "F", "G"), "A, B, C, D and 3 more"},
	}
	for _, tt := range tests {
		if got := authorList(tt.in); got != tt.want {
			t.Errorf("authorList(%d authors) = %q, want %q", len(tt.in), got, tt.want)
		}
	}
}

func TestMarkTerms(t *testing.T) {
	tests := []struct {
		text  string
		terms []string
		want  template.HTML
	}{
		{"Agent Learning", []string{"agent"}, "<mark>Agent</mark> Learning"},
		{"Reagents for agents", []string{"agent"}, "Reagents for <mark>agents</mark>"}, // whole words, in any form
		{"Graph nets for Graphene", []string{"graph"}, "<mark>Graph</mark> nets for Graphene"},
		{"Schrödinger bridges", []string{"schrodinger"}, "<mark>Schrödinger</mark> bridges"},
		{"<b>Agent</b>", []string{"agent"}, "&lt;b&gt;<mark>Agent</mark>&lt;/b&gt;"},
		{"Bounds on $x$ agents", []string{"agent"}, "Bounds on $x$ agents"}, // TeX: left alone
		{"Plain", nil, "Plain"},
	}
	for _, tt := range tests {
		if got := markTerms(tt.text, tt.terms); got != tt.want {
			t.Errorf("markTerms(%q, %q) = %q, want %q", tt.text, tt.terms, got, tt.want)
		}
	}
}

func TestWebURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://github.com/a/b": "https://github.com/a/b", "http://x.org/": "http://x.org/",
		"javascript:alert(1)": "", "//evil.org/x": "", "data:text/html,x": "", "": "",
	} {
		if got := webURL(in); got != want {
			t.Errorf("webURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCompressible(t *testing.T) {
	for typ, want := range map[string]bool{
		"text/html; charset=utf-8": true, "application/json": true, "application/rss+xml": true,
		"application/feed+json": true, "image/svg+xml": true, "font/woff2": false, "image/png": false, "": false,
	} {
		if got := compressible(typ); got != want {
			t.Errorf("compressible(%q) = %v, want %v", typ, got, want)
		}
	}
}

func TestSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"this sign-in link is not valid", "This sign-in link is not valid"},
		{"Sign in to do this.", "Sign in to do this."},
		{"arXiv has no paper 2401.00001", "arXiv has no paper 2401.00001"},
		{`"x" is not a date`, `"x" is not a date`},
		{"écrit", "Écrit"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := sentence(tt.in); got != tt.want {
			t.Errorf("sentence(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
