package tex

// Formulas are written $…$ or \(…\) inline and $$…$$ or \[…\] displayed.
// Two kinds of text carry them, under two rules:
//
//   - arXiv metadata is LaTeX, where every unescaped $ is math: HasMath
//     finds a formula as KaTeX's auto-render, which typesets titles and
//     abstracts, would.
//   - Comments are Markdown typed on the web, where "$5 and $10" is money:
//     FormulaAt applies pandoc's rule, made stricter for money (see there).

// FormulaAt reports the length n, delimiters included, of the formula that
// s starts with in text people type, and whether it is displayed; n is 0
// when s starts none. s is the rest of the paragraph, no further: a
// formula may run over lines but never over a blank one. It takes a string
// or bytes, so that a Markdown parser can pass its source without a copy.
//
// The rule: \(…\), \[…\] and $$…$$ end at their first closing delimiter
// (\(…\) and \[…\] before another opening one); a backslash escapes the
// character after it, so \$ and \\ never delimit. $…$ follows pandoc: the
// opening $ is followed by a character that is not a space, and the formula
// ends at the next $, which must follow a character that is not a space and
// must not be followed by a digit. If that next $ breaks the rule there is
// no formula and the opening $ is a dollar sign: "costs $5 and $10" is
// text. A formula is never blank.
//
// Every search stops at the next delimiter of its kind, so trying FormulaAt
// at every position of a text costs time linear in its length.
func FormulaAt[T ~string | ~[]byte](s T) (n int, display bool) {
	open, closing, display := opening(s)
	if open == "" {
		return 0, false
	}
	end := closingAt(s, len(open), open, closing)
	if end < 0 || blank(s[len(open):end]) {
		return 0, false
	}
	if open == "$" && !dollarCloses(s, end) {
		return 0, false
	}
	return end + len(closing), display
}

// opening returns the opening delimiter that s starts with, its closing
// delimiter and whether it displays; open is "" when s starts none.
func opening[T ~string | ~[]byte](s T) (open, closing string, display bool) {
	switch {
	case hasPrefix(s, "$$"):
		return "$$", "$$", true
	case hasPrefix(s, `\[`):
		return `\[`, `\]`, true
	case hasPrefix(s, `\(`):
		return `\(`, `\)`, false
	case hasPrefix(s, "$") && len(s) > 1 && !isSpace(s[1]):
		return "$", "$", false
	}
	return "", "", false
}

// closingAt returns the index of the first closing delimiter of a formula
// opened by open in s, from i on, skipping escaped characters; -1 when
// there is none, or when \( or \[ comes again before it.
func closingAt[T ~string | ~[]byte](s T, i int, open, closing string) int {
	reopen := ""
	if open[0] == '\\' {
		reopen = open
	}
	for i < len(s) {
		if hasPrefix(s[i:], closing) {
			return i
		}
		if reopen != "" && hasPrefix(s[i:], reopen) {
			return -1
		}
		if s[i] == '\\' {
			i++ // the escaped character is skipped below
		}
		i++
	}
	return -1
}

// dollarCloses reports whether the $ at s[i] may close an inline formula.
func dollarCloses[T ~string | ~[]byte](s T, i int) bool {
	if isSpace(s[i-1]) {
		return false
	}
	return i+1 >= len(s) || s[i+1] < '0' || s[i+1] > '9'
}

func hasPrefix[T ~string | ~[]byte](s T, prefix string) bool {
	return len(s) >= len(prefix) && string(s[:len(prefix)]) == prefix
}

func blank[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !isSpace(s[i]) {
			return false
		}
	}
	return true
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
			if open, closing, _ := opening(s[i:]); open == `\(` || open == `\[` {
				if end := closingAt(s, i+2, open, closing); end > i+2 {
					return true
				}
			}
			i++ // an escaped character delimits nothing
		case '$':
			open := "$"
			if hasPrefix(s[i:], "$$") {
				open = "$$"
			}
			end := closingAt(s, i+len(open), open, open)
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
