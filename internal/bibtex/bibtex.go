// Package bibtex writes papers as BibTeX entries in arXiv's own form
// (@misc with eprint, archivePrefix and primaryClass), so that reference
// managers and LaTeX take a reading list away as they take it from arXiv.
package bibtex

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/tex"
)

// ContentType is the media type of a BibTeX file.
const ContentType = "application/x-bibtex; charset=utf-8"

// Write writes the papers as BibTeX entries, separated by blank lines.
// Keys are unique within what one call writes.
func Write(w io.Writer, ps []paper.Paper) error {
	used := make(map[string]bool, len(ps))
	for i, p := range ps {
		key := uniqueKey(Key(p), used)
		if i > 0 {
			if _, err := io.WriteString(w, "\n"); err != nil {
				return err
			}
		}
		if _, err := io.WriteString(w, Entry(p, key)); err != nil {
			return err
		}
	}
	return nil
}

// Entry is the paper's entry under key, which must be one Key made.
func Entry(p paper.Paper, key string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "@misc{%s,\n", key)
	field := func(name, value string) { fmt.Fprintf(&b, "      %s={%s},\n", name, value) }
	field("title", Text(p.Title))
	if len(p.Authors) > 0 {
		field("author", authors(p.Authors))
	}
	if y := year(p); y != 0 {
		field("year", strconv.Itoa(y))
	}
	field("eprint", Text(p.ID))
	field("archivePrefix", "arXiv")
	if c := primaryClass(p); c != "" {
		field("primaryClass", Text(c))
	}
	field("url", Text("https://arxiv.org/abs/"+p.ID))
	b.WriteString("}\n")
	return b.String()
}

// authors joins the names with "and", each one name to BibTeX: a name that
// holds an "and" or a comma of its own is kept whole in braces.
func authors(as []paper.Author) string {
	names := make([]string, 0, len(as))
	for _, a := range as {
		n := Text(a.Name)
		if n == "" {
			continue
		}
		if strings.Contains(n, ",") || strings.Contains(" "+strings.ToLower(n)+" ", " and ") {
			n = "{" + n + "}"
		}
		names = append(names, n)
	}
	return strings.Join(names, " and ")
}

func year(p paper.Paper) int {
	switch {
	case !p.PublishedAt.IsZero():
		return p.PublishedAt.Year()
	case len(p.Versions) > 0 && !p.Versions[0].Date.IsZero():
		return p.Versions[0].Date.Year()
	case !p.UpdatedAt.IsZero():
		return p.UpdatedAt.Year()
	}
	return 0
}

func primaryClass(p paper.Paper) string {
	if p.PrimaryCategory != "" {
		return p.PrimaryCategory
	}
	if len(p.Categories) > 0 {
		return p.Categories[0]
	}
	return ""
}

// Text makes s the value of a braced BibTeX field: one line, TeX accents
// as the letters they stand for, math ($…$) kept as TeX where it is safe
// to, and everything else that BibTeX or LaTeX would read as markup
// escaped. Braces stay balanced whatever s holds, so no value can end
// its field or entry early.
func Text(s string) string {
	s = strings.Join(strings.Fields(tex.Accents(s)), " ")
	var b strings.Builder
	for s != "" {
		i := strings.IndexByte(s, '$')
		if i < 0 {
			escape(&b, s)
			break
		}
		escape(&b, s[:i])
		s = s[i:]
		delim := "$"
		if strings.HasPrefix(s, "$$") {
			delim = "$$"
		}
		end := strings.Index(s[len(delim):], delim)
		if end < 0 {
			escape(&b, s)
			break
		}
		math := s[:len(delim)+end+len(delim)]
		if safeMath(math[len(delim) : len(math)-len(delim)]) {
			b.WriteString(math)
		} else {
			escape(&b, math)
		}
		s = s[len(math):]
	}
	return b.String()
}

// textEscapes are the characters that mean something to BibTeX or LaTeX in
// text. Braces and backslashes become commands in braces, not \{ or \\:
// BibTeX counts every brace, escaped or not, to find where a field ends.
var textEscapes = map[rune]string{
	'\\': `{\textbackslash}`, '{': `{\textbraceleft}`, '}': `{\textbraceright}`,
	'%': `\%`, '&': `\&`, '#': `\#`, '_': `\_`, '$': `\$`,
	'^': `{\textasciicircum}`, '~': `{\textasciitilde}`, '<': `{\textless}`, '>': `{\textgreater}`,
}

func escape(b *strings.Builder, s string) {
	for _, r := range s {
		if e, ok := textEscapes[r]; ok {
			b.WriteString(e)
		} else if unicode.IsControl(r) || r == unicode.ReplacementChar {
			continue
		} else {
			b.WriteRune(r)
		}
	}
}

// unsafeCommands are TeX commands that read or write files, define
// commands or end the document: math that holds one is written as text.
var unsafeCommands = []string{
	"input", "include", "write", "immediate", "openout", "openin", "read", "def", "edef", "gdef", "xdef",
	"let", "catcode", "csname", "end", "newcommand", "renewcommand", "providecommand", "usepackage",
	"documentclass", "special", "directlua", "output", "everypar", "loop", "expandafter", "begin",
}

// safeMath reports whether math may be written as it is: its braces
// balance, and it holds no comment, parameter or alignment character and
// no command that reaches outside the formula.
func safeMath(math string) bool {
	depth := 0
	for _, r := range math {
		switch {
		case r == '{':
			depth++
		case r == '}':
			depth--
			if depth < 0 {
				return false
			}
		case r == '%' || r == '#' || r == '&' || r == '$' || unicode.IsControl(r):
			return false
		}
	}
	if depth != 0 || strings.HasSuffix(math, `\`) {
		return false
	}
	for rest := math; ; {
		i := strings.IndexByte(rest, '\\')
		if i < 0 {
			return true
		}
		rest = rest[i+1:]
		n := strings.IndexFunc(rest, func(r rune) bool { return r > unicode.MaxASCII || !unicode.IsLetter(r) })
		if n < 0 {
			n = len(rest)
		}
		for _, c := range unsafeCommands {
			if rest[:n] == c {
				return false
			}
		}
		if n == 0 && rest != "" {
			rest = rest[1:] // \\, \{, \, and the like: one character
		} else {
			rest = rest[n:]
		}
	}
}

// stopWords are left out of keys, as arXiv leaves them out.
var stopWords = map[string]bool{"a": true, "an": true, "the": true, "of": true, "on": true, "in": true,
	"for": true, "and": true, "to": true, "with": true, "from": true, "by": true, "via": true, "is": true,
	"are": true, "at": true, "as": true, "its": true, "or": true, "we": true}

// Key is the paper's citation key as arXiv makes it: the first author's
// last name, the year and the title's first two words that say something
// ("cunningham2007computinggenus"), in ASCII letters and digits.
func Key(p paper.Paper) string {
	last := "arxiv"
	if len(p.Authors) > 0 {
		name, _, _ := strings.Cut(tex.Accents(p.Authors[0].Name), ",") // "Lovelace, Jr."
		f := strings.Fields(name)
		if len(f) > 0 {
			if k := keyWord(f[len(f)-1]); k != "" {
				last = k
			}
		}
	}
	key := last
	if y := year(p); y != 0 {
		key += strconv.Itoa(y)
	}
	words := 0
	for _, w := range strings.Fields(stripMath(tex.Accents(p.Title))) {
		w = keyWord(w)
		if w == "" || stopWords[w] {
			continue
		}
		key += w
		if words++; words == 2 {
			break
		}
	}
	return key
}

// keyWord is w in lower-case ASCII letters and digits, accents dropped.
func keyWord(w string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(strings.ToLower(w)) {
		if r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// stripMath drops the $…$ parts of a title.
func stripMath(s string) string {
	parts := strings.Split(s, "$")
	var b strings.Builder
	for i, p := range parts {
		if i%2 == 0 {
			b.WriteString(p)
			b.WriteString(" ")
		}
	}
	return b.String()
}

// uniqueKey makes key unique among used by a letter after it, as a
// bibliography tells two papers of one author and year apart.
func uniqueKey(key string, used map[string]bool) string {
	k := key
	for n := 0; used[k]; n++ {
		k = key + suffix(n)
	}
	used[k] = true
	return k
}

// suffix is a, b, …, z, aa, ab, …
func suffix(n int) string {
	s := ""
	for n++; n > 0; n = (n - 1) / 26 {
		s = string(rune('a'+(n-1)%26)) + s
	}
	return s
}
