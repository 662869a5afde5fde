package source

import (
	"strings"
	"unicode"
)

// cleanText collapses every run of white space (arXiv hard-wraps titles and
// abstracts, and re-indented files add more) into one space and trims the
// ends. TeX is left as it is: pages typeset it.
func cleanText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// withdrawnMarkers are the phrases arXiv and authors use when a paper is
// withdrawn; arXiv replaces the comments (and often the abstract) with them.
var withdrawnMarkers = []string{
	"this paper has been withdrawn",
	"this article has been withdrawn",
	"this submission has been withdrawn",
	"this manuscript has been withdrawn",
	"withdrawn by the author",
	"withdrawn by arxiv",
	"paper withdrawn",
	"this paper is withdrawn",
}

// looksWithdrawn reports whether the comments or abstract say the paper was
// withdrawn, for sources that have no explicit withdrawn flag.
func looksWithdrawn(comments, abstract string) bool {
	c := strings.ToLower(comments)
	a := strings.ToLower(abstract)
	for _, m := range withdrawnMarkers {
		if strings.Contains(c, m) || strings.Contains(a, m) {
			return true
		}
	}
	return strings.HasPrefix(strings.TrimSpace(c), "withdrawn")
}
