// Package highlight marks the words a search matched in a text, for the
// site's result pages and the API's highlighted fields alike. Both once had
// a highlighter of their own, and they disagreed on what a search matched.
package highlight

import (
	"html"
	"strings"

	"github.com/dailypapers/dailypapers/internal/search"
)

// HTML returns text as HTML with every whole word that the search would
// match to one of terms (ignoring case and diacritics: "Schrödinger" for
// schrodinger; in any form of the word: "graphs" for graph; never
// "Graphene" for graph) wrapped in open and close.
// Everything else is escaped: titles and abstracts are text, never markup.
// Words are split and matched by the search's own Matcher, the rule the
// scorer counts words by, so a marked word is one the search counted.
func HTML(text string, terms []string, open, close string) string {
	m := search.NewMatcher(search.AppendWords(nil, strings.Join(terms, " "))...)
	var b strings.Builder
	done := 0
	search.EachWordAt(text, func(start, end int, w string) {
		if i, _ := m.Match(w); i < 0 {
			return
		}
		b.WriteString(html.EscapeString(text[done:start]))
		b.WriteString(open)
		b.WriteString(html.EscapeString(text[start:end]))
		b.WriteString(close)
		done = end
	})
	b.WriteString(html.EscapeString(text[done:]))
	return b.String()
}
