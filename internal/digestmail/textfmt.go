package digestmail

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// oneLine makes text from a paper or a subscriber safe for one line: every
// run of white space and control characters (CR, LF, tab, NUL, U+2028, ...)
// becomes one space, bidirectional overrides (which can make a subject read
// backwards) are dropped, invalid UTF-8 becomes U+FFFD, and the ends are
// trimmed. A value that went through it cannot start a header of its own.
func oneLine(s string) string {
	if isPlainLine(s) {
		return s
	}
	return cleanLine(s, -1)
}

// cleanLine is oneLine, stopped once the result is wider than limit
// columns when limit is not negative.
func cleanLine(s string, limit int) string {
	size := len(s)
	if limit >= 0 {
		size = min(size, 4*limit+4)
	}
	var b strings.Builder
	b.Grow(size)
	space := false
	cols := 0
	for i := 0; i < len(s) && (limit < 0 || cols <= limit); {
		r, size := rune(s[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(s[i:]) // U+FFFD for invalid UTF-8
		}
		i += size
		switch {
		case r > ' ' && r < 0x7f: // printable ASCII, the common case
		case r <= ' ' || unicode.IsSpace(r) || unicode.IsControl(r):
			space = b.Len() > 0
			continue
		case isBidiControl(r) || r == '\uFEFF':
			continue
		}
		if space {
			b.WriteByte(' ')
			cols++
			space = false
		}
		if r < utf8.RuneSelf {
			b.WriteByte(byte(r))
			cols++
		} else {
			b.WriteRune(r)
			cols += runeWidth(r)
		}
	}
	return b.String()
}

// isPlainLine reports printable ASCII with single inner spaces, the common
// case, which oneLine returns as it is.
func isPlainLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < ' ' || c > '~' || c == ' ' && (i == 0 || i == len(s)-1 || s[i+1] == ' ') {
			return false
		}
	}
	return true
}

// isBidiControl reports the embedding, override and isolate controls
// (U+202A–U+202E, U+2066–U+2069) and the direction marks.
func isBidiControl(r rune) bool {
	return r >= '\u202A' && r <= '\u202E' || r >= '\u2066' && r <= '\u2069' || r == '\u200E' || r == '\u200F'
}

// runeWidth is the number of columns r takes in a fixed-width font: two for
// East Asian wide characters, one otherwise.
func runeWidth(r rune) int {
	if r < 0x1100 {
		return 1
	}
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return 2
	}
	return 1
}

func textWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			for _, r := range s[i:] {
				n += runeWidth(r)
			}
			return n
		}
		n++
	}
	return n
}

// clip shortens one-line text to at most n columns, cutting at the last word
// boundary and ending with "…". It never leaves half of a $…$ formula, and
// cuts inside a word only when the text has no space in its second half
// (a long URL, or Chinese or Japanese text).
func clip(s string, n int) string {
	if textWidth(s) <= n {
		return s
	}
	cut, w := len(s), 0
	for i, r := range s {
		if w += runeWidth(r); w > n-1 { // one column for the "…"
			cut = i
			break
		}
	}
	head := s[:cut]
	if s[cut] != ' ' {
		if sp := strings.LastIndexByte(head, ' '); sp >= len(head)/2 {
			head = head[:sp]
		}
	}
	if strings.Count(head, "$")%2 == 1 {
		head = head[:strings.LastIndexByte(head, '$')]
	}
	return strings.TrimRight(head, " ,.;:-–—(") + "…"
}

// summary is about the first two lines of a paper's summary. Only the
// start that clip can show is made one line: an abstract runs to 2,000
// characters and the mail shows 220.
func summary(s string) string {
	return clip(cleanLine(s, summaryLen), summaryLen)
}

// authorLine names the first three authors, then "et al.": "A, B, C et al.".
// A no-break space keeps "et al." on one line.
func authorLine(authors []string) string {
	const shown = 3
	names := make([]string, 0, shown)
	for _, a := range authors {
		if a = oneLine(a); a != "" {
			names = append(names, a)
		}
	}
	if len(names) > shown {
		return strings.Join(names[:shown], ", ") + " et\u00a0al."
	}
	return strings.Join(names, ", ")
}

// count writes n with thousands separators and the noun in the singular or
// plural: "1 comment", "1,204 upvotes".
func count(n int, one, many string) string {
	noun := many
	if n == 1 {
		noun = one
	}
	return thousands(n) + " " + noun
}

func thousands(n int) string {
	s := strconv.Itoa(n)
	digits := len(s)
	if n < 0 {
		digits--
	}
	if digits <= 3 {
		return s
	}
	var b strings.Builder
	start := len(s) - digits
	b.WriteString(s[:start])
	for i := start; i < len(s); i++ {
		if i > start && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// wrap breaks one-line text into lines of at most width columns, at ASCII
// spaces only: a no-break space holds.
// The first line starts with first and the others with rest, which gives a
// numbered item a hanging indent. A word longer than a line (a URL) gets a
// line of its own and is not broken.
func wrap(s string, width int, first, rest string) string {
	var b strings.Builder
	b.Grow(len(s) + len(s)/width*(len(rest)+1) + len(first))
	lineW := 0 // columns of the current line, 0 before its first word
	for word := range strings.SplitSeq(s, " ") {
		if word == "" {
			continue
		}
		ww := textWidth(word)
		switch {
		case lineW == 0:
			b.WriteString(first)
			lineW = textWidth(first)
		case lineW+1+ww > width:
			b.WriteByte('\n')
			b.WriteString(rest)
			lineW = textWidth(rest)
		default:
			b.WriteByte(' ')
			lineW++
		}
		b.WriteString(word)
		lineW += ww
	}
	return b.String()
}
