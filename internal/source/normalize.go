package source

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText collapses every run of white space (arXiv hard-wraps titles and
// abstracts, and re-indented files add more) into one space, trims the ends
// and repairs double-encoded UTF-8. TeX is left as it is: pages typeset it.
//
// Nearly all arXiv text is ASCII, for which a byte loop does the job; the
// rune loop of cleanUnicode took a quarter of a Kaggle import. Both give the
// same result (FuzzKaggle checks).
func cleanText(s string) string {
	n := cleanASCIIPrefix(s)
	if n == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	b.WriteString(strings.TrimSuffix(s[:n], " "))
	space := false
	for i := n; i < len(s); {
		c := s[i]
		if c >= 0x80 {
			return cleanUnicode(s)
		}
		if isASCIISpace(c) {
			space = b.Len() > 0
			i++
			continue
		}
		j := i + cleanASCIIPrefix(s[i:])
		if s[j-1] == ' ' {
			j-- // leave the space before a run of white space to the loop
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteString(s[i:j])
		i = j
	}
	return b.String()
}

// cleanASCIIPrefix returns the length of the prefix of s that cleanText
// would leave alone: ASCII words separated by single spaces.
func cleanASCIIPrefix(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (isASCIISpace(c) && (c != ' ' || i == 0 || i == len(s)-1 || s[i-1] == ' ')) {
			return i
		}
	}
	return len(s)
}

func isASCIISpace(c byte) bool { return c == ' ' || c-'\t' <= '\r'-'\t' }

// cleanUnicode is cleanText for any text.
func cleanUnicode(s string) string {
	s = repairDoubleUTF8(s)
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

// repairDoubleUTF8 undoes UTF-8 text that was decoded as Latin-1 and encoded
// again ("RamÃ­rez" for "Ramírez"), as some recorded arXiv API responses
// are. Only a string made entirely of Latin-1 characters that holds a lead
// character followed by a continuation character, and that becomes valid
// UTF-8 when taken back to bytes, is changed; real text of that shape
// ("Ã" followed by a C1 control or a symbol such as "©") is vanishingly rare.
func repairDoubleUTF8(s string) string {
	if !strings.ContainsAny(s, "ÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞßàáâãäåæçèéêëìíîïðñòóô") {
		return s
	}
	b := make([]byte, 0, len(s))
	suspicious := false
	prevLead := false
	for _, r := range s {
		if r > 0xff {
			return s
		}
		if prevLead && r >= 0x80 && r <= 0xbf {
			suspicious = true
		}
		prevLead = r >= 0xc2 && r <= 0xf4
		b = append(b, byte(r))
	}
	if !suspicious || !utf8.Valid(b) {
		return s
	}
	return string(b)
}
