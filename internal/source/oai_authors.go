package source

import (
	"strings"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// oaiRawAuthor is an author of an arXivRaw author string being read, with the
// footnote numbers of its affiliations until they are resolved.
type oaiRawAuthor struct {
	paper.Author
	refs []string
}

// oaiNameSuffixes are items of an author list that continue the previous
// name ("John Smith, Jr.") rather than start a new one.
var oaiNameSuffixes = map[string]bool{
	"Jr.": true, "Jr": true, "Sr.": true, "Sr": true, "II": true, "III": true, "IV": true,
}

// oaiSplitAuthors splits arXiv's flat author string, "A, B (Inst), C and D
// (1,2) ((1) Inst one, (2) Inst two)", into authors. Commas, semicolons and
// "and" separate authors only outside parentheses; a parenthesis after a
// name holds its affiliation, or footnote numbers resolved against a
// "((1) ..., (2) ...)" list.
func oaiSplitAuthors(s string) []paper.Author {
	var authors []oaiRawAuthor
	notes := map[string]string{}
	for _, item := range oaiSplitTopLevel(s) {
		item, _ = strings.CutPrefix(strings.TrimSpace(item), "and ")
		name, groups := oaiCutGroups(item)
		var a oaiRawAuthor
		a.Name = name
		for _, g := range groups {
			switch {
			case strings.HasPrefix(g, "("):
				oaiFootnotes(g, notes)
			case oaiIsRefList(g):
				a.refs = append(a.refs, strings.Split(strings.ReplaceAll(g, " ", ""), ",")...)
			case g != "":
				a.Affiliations = append(a.Affiliations, g)
			}
		}
		authors = oaiAddAuthor(authors, a)
	}
	var out []paper.Author
	for _, a := range authors {
		for _, r := range a.refs {
			if n, ok := notes[r]; ok {
				a.Affiliations = append(a.Affiliations, n)
			}
		}
		out = append(out, a.Author)
	}
	return out
}

// oaiAddAuthor appends a, or merges it into the previous author when it is a
// name suffix or only an affiliation.
func oaiAddAuthor(authors []oaiRawAuthor, a oaiRawAuthor) []oaiRawAuthor {
	last := len(authors) - 1
	switch {
	case a.Name == "et al." || a.Name == "et al":
		return authors
	case last >= 0 && (oaiNameSuffixes[a.Name] || !oaiHasAlnum(a.Name)):
		if oaiHasAlnum(a.Name) {
			authors[last].Name += " " + a.Name
		}
		authors[last].Affiliations = append(authors[last].Affiliations, a.Affiliations...)
		authors[last].refs = append(authors[last].refs, a.refs...)
		return authors
	case !oaiHasAlnum(a.Name):
		return authors
	}
	return append(authors, a)
}

// oaiSplitTopLevel cuts s at commas, semicolons and " and " that are
// outside parentheses.
func oaiSplitTopLevel(s string) []string {
	var items []string
	depth, start := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			depth++
		case c == ')':
			depth = max(depth-1, 0)
		case depth > 0:
		case c == ',' || c == ';':
			items = append(items, s[start:i])
			start = i + 1
		case strings.HasPrefix(s[i:], " and "):
			items = append(items, s[start:i])
			start = i + len(" and ")
			i = start - 1
		}
	}
	return append(items, s[start:])
}

// oaiCutGroups separates the text outside top-level parentheses (the name)
// from the contents of each parenthesis.
func oaiCutGroups(s string) (string, []string) {
	var name strings.Builder
	var groups []string
	depth, open := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '(':
			if depth == 0 {
				open = i + 1
			}
			depth++
		case c == ')' && depth > 0:
			depth--
			if depth == 0 {
				groups = append(groups, strings.TrimSpace(s[open:i]))
			}
		case depth == 0:
			name.WriteByte(c)
		}
	}
	if depth > 0 { // an unclosed parenthesis runs to the end
		groups = append(groups, strings.TrimSpace(s[open:]))
	}
	return cleanText(name.String()), groups
}

// oaiFootnotes reads "(1) Inst one, (2) Inst two" into notes.
func oaiFootnotes(s string, notes map[string]string) {
	for {
		s = strings.TrimSpace(s)
		end := strings.IndexByte(s, ')')
		if !strings.HasPrefix(s, "(") || end < 0 {
			return
		}
		key, rest := strings.TrimSpace(s[1:end]), s[end+1:]
		next := oaiNextRef(rest)
		notes[key] = strings.Trim(strings.TrimSpace(rest[:next]), ",;")
		s = rest[next:]
	}
}

// maxOAIRefLen bounds the length of a footnote mark such as "(12)".
const maxOAIRefLen = 16

// oaiNextRef returns the index of the next "(n)" in s, or len(s).
func oaiNextRef(s string) int {
	for i := 0; i < len(s); i++ {
		if s[i] != '(' {
			continue
		}
		// Footnote marks are short; looking no further keeps this linear.
		window := s[i:min(len(s), i+maxOAIRefLen)]
		if end := strings.IndexByte(window, ')'); end > 0 && oaiIsRefList(s[i+1:i+end]) {
			return i
		}
	}
	return len(s)
}

// oaiIsRefList reports whether s is a list of footnote numbers, "1" or "1,2".
func oaiIsRefList(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits = true
		case r == ',' || r == ' ':
		default:
			return false
		}
	}
	return digits
}

// oaiHasAlnum reports whether s has a letter or digit: whether it can name
// anyone.
func oaiHasAlnum(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0
}
