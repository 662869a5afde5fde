package usertext

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"testing"
)

// quotedPrefix marks a line of testdata/xss.txt holding a Go string literal,
// for vectors with newlines, NUL bytes or invalid UTF-8 that a line of text
// cannot hold. Every other non-empty line is a vector exactly as written.
const quotedPrefix = "go-quoted: "

// loadXSS returns the attack vectors of testdata/xss.txt.
func loadXSS(tb testing.TB) []string {
	tb.Helper()
	f, err := os.Open("testdata/xss.txt")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var vectors []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, quotedPrefix); ok {
			if line, err = strconv.Unquote(rest); err != nil {
				tb.Fatalf("xss.txt: %s: %v", rest, err)
			}
		}
		if line != "" {
			vectors = append(vectors, line)
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	if len(vectors) < 80 {
		tb.Fatalf("xss.txt has %d vectors, want at least 80", len(vectors))
	}
	return vectors
}

func TestCommentXSS(t *testing.T) {
	r := NewRenderer()
	for _, v := range loadXSS(t) {
		got := r.Comment(v)
		if problems := unsafeMarkup(got); problems != nil {
			t.Errorf("Comment(%q) = %q\nunsafe: %q", v, got, problems)
		}
	}
}

func TestUsernameRefusesXSS(t *testing.T) {
	for _, v := range loadXSS(t) {
		if got, err := Username(v); err == nil {
			t.Errorf("Username(%q) = %q, want an error", v, got)
		}
	}
}

func TestLinkURLRefusesXSS(t *testing.T) {
	for _, v := range loadXSS(t) {
		if got, err := LinkURL(v); err == nil {
			t.Errorf("LinkURL(%q) = %q, want an error", v, got)
		}
	}
}

func TestEmailRefusesXSS(t *testing.T) {
	for _, v := range loadXSS(t) {
		if got, err := Email(v); err == nil {
			t.Errorf("Email(%q) = %q, want an error", v, got)
		}
	}
}
