package search

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxQueryBytes bounds what a query reads of the text typed: any query of
// 250 characters is read whole, in any script.
const maxQueryBytes = 1200

// maxQueryWords bounds the words a query scores by.
const maxQueryWords = 64

// field is where a phrase must be found.
type field int

const (
	anyField field = iota
	titleField
	authorsField
	abstractField
)

// phrase is words that must be found in a row, in one field: as typed (but
// folded) when quoted, in any form of each word otherwise (title:graphs).
type phrase struct {
	field field
	words []string
	exact bool
}

// Query is a search as the engine runs it, parsed from what a reader typed
// by Parse.
type Query struct {
	// groups are the words a paper is ranked by; a group's words are
	// alternatives (a OR b). Papers with a word of every group rank first.
	groups [][]string
	// must are phrases a paper must have, mustNot phrases it must not have.
	must, mustNot []phrase
	cats          []string
	from, to      string // YYYY-MM-DD, inclusive; empty: unbounded
	// plain says no operator was used, so the text may be a whole title.
	plain bool
	text  string // as typed: Capitals reads its capitals
}

// token is one term of a query as typed: -field:"text".
type token struct {
	neg    bool
	field  string
	quoted bool
	text   string
}

// queryFields are the field prefixes a query knows, by what they are called.
var queryFields = map[string]string{
	"author": "author", "au": "author", "authors": "author",
	"title": "title", "ti": "title",
	"abs": "abs", "abstract": "abs",
	"cat": "cat", "category": "cat",
	"year": "year",
}

// Parse reads what a reader typed: words, "phrases", -word and
// -"phrase", OR between two terms, author: (au:), title: (ti:), abs:, cat:
// and year: (2020, 2019-2021). Anything else is words: there is no syntax
// error, and no text reaches a database as anything but a parameter.
func Parse(text string) Query {
	q := Query{plain: true, text: text}
	words := 0
	orNext := false
	for _, t := range splitQuery(text) {
		if t.text == "OR" && !t.quoted && !t.neg && t.field == "" {
			q.plain = false
			orNext = len(q.groups) > 0
			continue
		}
		if t.neg || t.quoted || t.field != "" {
			q.plain = false
		}
		if q.special(t) {
			orNext = false
			continue
		}
		if t.field == "cat" || t.field == "year" {
			t.field = "" // year:soon is a word
		}
		ws := AppendWords(nil, t.text)
		if len(ws) == 0 || words+len(ws) > maxQueryWords {
			continue
		}
		words += len(ws)
		if t.neg {
			q.mustNot = append(q.mustNot, phrase{field: fieldOf(t.field), words: ws, exact: t.quoted})
			orNext = false
			continue
		}
		if t.quoted || t.field != "" {
			q.must = append(q.must, phrase{field: fieldOf(t.field), words: ws, exact: t.quoted})
		}
		for i, w := range ws {
			if i == 0 && orNext {
				last := &q.groups[len(q.groups)-1]
				*last = append(*last, w)
				continue
			}
			q.groups = append(q.groups, []string{w})
		}
		orNext = false
	}
	return q
}

// special applies a cat: or year: term and says whether t was one.
func (q *Query) special(t token) bool {
	switch t.field {
	case "cat":
		c := strings.TrimSpace(t.text)
		if c == "" || t.neg {
			return c != ""
		}
		q.cats = append(q.cats, c)
		return true
	case "year":
		from, to, ok := yearRange(t.text)
		if !ok || t.neg {
			return ok
		}
		q.from, q.to = laterDay(q.from, from), earlierDay(q.to, to)
		return true
	}
	return false
}

func fieldOf(name string) field {
	switch name {
	case "title":
		return titleField
	case "author":
		return authorsField
	case "abs":
		return abstractField
	}
	return anyField
}

// yearRange reads 2020, 2019-2021, 2019..2021, 2019- or -2021 as days.
func yearRange(s string) (from, to string, ok bool) {
	s = strings.TrimSpace(s)
	lo, hi, isRange := strings.Cut(s, "..")
	if !isRange {
		lo, hi, isRange = strings.Cut(s, "-")
	}
	if !isRange {
		hi = lo
	}
	year := func(y string) (string, bool) {
		n, err := strconv.Atoi(y)
		return y, err == nil && len(y) == 4 && n >= 1000
	}
	if lo != "" {
		y, ok := year(lo)
		if !ok {
			return "", "", false
		}
		from = y + "-01-01"
	}
	if hi != "" {
		y, ok := year(hi)
		if !ok {
			return "", "", false
		}
		to = y + "-12-31"
	}
	return from, to, from != "" || to != ""
}

// laterDay and earlierDay combine two bounds ("" is unbounded).
func laterDay(a, b string) string {
	if a == "" || b > a {
		return b
	}
	return a
}

func earlierDay(a, b string) string {
	if a == "" || (b != "" && b < a) {
		return b
	}
	return a
}

// splitQuery cuts text into tokens at spaces and quotes. A quote left open
// runs to the end; control characters are spaces.
func splitQuery(text string) []token {
	if len(text) > maxQueryBytes {
		text = text[:maxQueryBytes]
	}
	var out []token
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isQuerySpace(r) {
			i += size
			continue
		}
		var t token
		if text[i] == '-' {
			t.neg, i = true, i+1
		}
		if name, _, ok := strings.Cut(text[i:], ":"); ok && queryFields[strings.ToLower(name)] != "" {
			t.field, i = queryFields[strings.ToLower(name)], i+len(name)+1
		}
		if i < len(text) && text[i] == '"' {
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				end = len(text) - i - 1
			}
			t.quoted, t.text = true, text[i+1:i+1+end]
			i = min(len(text), i+end+2)
		} else {
			end := i
			for end < len(text) {
				r, size := utf8.DecodeRuneInString(text[end:])
				if isQuerySpace(r) || r == '"' {
					break
				}
				end += size
			}
			t.text, i = text[i:end], end
		}
		out = append(out, t)
	}
	return out
}

func isQuerySpace(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r)
}

// Words returns the query's words, each once, in order: what hits are
// highlighted by.
func (q *Query) Words() []string {
	var out []string
	seen := map[string]bool{}
	for _, g := range q.groups {
		for _, w := range g {
			if !seen[w] {
				seen[w] = true
				out = append(out, w)
			}
		}
	}
	return out
}
