package api

import (
	"html"
	"strings"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/textindex"
)

// highlight returns text as HTML, every whole word equal to one of terms
// (ignoring case and diacritics, as the search does) wrapped in
// <span class="highlight">. Everything else is escaped: the result goes
// into web pages, and titles and abstracts are text, never markup. Words
// are runs of letters and digits, as the search splits queries, so a
// highlighted word is a word that matched.
func highlight(text string, terms []string) string {
	want := make(map[string]bool, len(terms))
	for _, t := range textindex.AppendWords(nil, strings.Join(terms, " ")) {
		want[t] = true
	}
	var folded []string
	var b strings.Builder
	for text != "" {
		start := strings.IndexFunc(text, isWordRune)
		if start < 0 {
			b.WriteString(html.EscapeString(text))
			break
		}
		b.WriteString(html.EscapeString(text[:start]))
		text = text[start:]
		end := strings.IndexFunc(text, func(r rune) bool { return !isWordRune(r) })
		if end < 0 {
			end = len(text)
		}
		word := html.EscapeString(text[:end])
		if folded = textindex.AppendWords(folded[:0], text[:end]); len(folded) == 1 && want[folded[0]] {
			word = `<span class="highlight">` + word + `</span>`
		}
		b.WriteString(word)
		text = text[end:]
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }
