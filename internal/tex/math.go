package tex

import "strings"

// Formulas are written $…$ or \(…\) inline and $$…$$ or \[…\] displayed.
// Two kinds of text carry them, under two rules:
//
//   - arXiv metadata is LaTeX, where every unescaped $ is math: HasMath
//     finds a formula as KaTeX's auto-render, which typesets titles and
//     abstracts, would.
//   - Comments are Markdown typed on the web, where "$5 and $10" is money:
//     FormulaAt applies pandoc's rule, made stricter for money (see there).

// FormulaAt reports whether s starts with a formula in text people type,
// and its length n with its delimiters. more is true when s holds no closing
// delimiter yet, so a longer s (the next line of a paragraph) may still
// hold the formula; n is then 0.
//
// The rule: \(…\), \[…\] and $$…$$ end at their first closing delimiter; a
// backslash escapes the character after it, so \$ and \\ never delimit.
// $…$ follows pandoc: the opening $ is followed by a character that is not
// a space, and the formula ends at the next $, which must follow a
// character that is not a space and must not be followed by a digit. If
// that next $ breaks the rule there is no formula and the opening $ is a
// dollar sign: "costs $5 and $10" is text. A formula is never empty.
func FormulaAt(s string) (n int, display, more bool) {
	open, closing, display := opening(s)
	if open == "" {
		return 0, false, false
	}
	end := closingAt(s, len(open), closing)
	if end < 0 {
		return 0, display, true
	}
	body := s[len(open):end]
	if strings.TrimSpace(body) == "" {
		return 0, display, false
	}
	if open == "$" && !dollarCloses(s, end) {
		return 0, false, false
	}
	return end + len(closing), display, false
}

// opening returns the opening delimiter that s starts with, its closing
// delimiter and whether it displays; open is "" when s starts none.
func opening(s string) (open, closing string, display bool) {
	switch {
	case strings.HasPrefix(s, "$$"):
		return "$$", "$$", true
	case strings.HasPrefix(s, `\[`):
		return `\[`, `\]`, true
	case strings.HasPrefix(s, `\(`):
		return `\(`, `\)`, false
	case strings.HasPrefix(s, "$") && len(s) > 1 && !isSpace(s[1]):
		return "$", "$", false
	}
	return "", "", false
}

// closingAt returns the index of the first closing delimiter in s from i
// on, skipping escaped characters, or -1. For "$" it is the first $.
func closingAt(s string, i int, closing string) int {
	for i < len(s) {
		if strings.HasPrefix(s[i:], closing) {
			return i
		}
		if s[i] == '\\' {
			i++ // the escaped character is skipped below
		}
		i++
	}
	return -1
}

// dollarCloses reports whether the $ at s[i] may close an inline formula.
func dollarCloses(s string, i int) bool {
	if isSpace(s[i-1]) {
		return false
	}
	return i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9'
}

func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'
}

// HasMath reports whether LaTeX text (a title or abstract from arXiv) holds
// a formula that KaTeX's auto-render would typeset: a non-empty $…$, $$…$$,
// \(…\) or \[…\] whose delimiters are not escaped. A page loads KaTeX only
// when it has one. A single "$" is not math, nor is "\$5 and \$10".
func HasMath(s string) bool {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\\':
			if i+1 < len(s) && (s[i+1] == '(' || s[i+1] == '[') {
				closing := `\)`
				if s[i+1] == '[' {
					closing = `\]`
				}
				if end := closingAt(s, i+2, closing); end > i+2 {
					return true
				}
			}
			i++ // an escaped character delimits nothing
		case '$':
			open := "$"
			if strings.HasPrefix(s[i:], "$$") {
				open = "$$"
			}
			end := closingAt(s, i+len(open), open)
			if end < 0 {
				return false // no $ is left to close anything
			}
			if end > i+len(open) {
				return true
			}
			i = end + len(open) - 1 // $$ or $$$$: empty, go on after it
		}
	}
	return false
}
