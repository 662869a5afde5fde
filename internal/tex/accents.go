// Package tex reads the bits of TeX that arXiv metadata carries.
package tex

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// TeX writes accented letters as commands in text mode (R\'{e}nyi,
// G\"odel, \c{c}), which KaTeX, typesetting only $…$, leaves as source.
// Accents turns them into the letters they stand for.

// texAccentMarks maps TeX accent commands to Unicode combining marks.
var texAccentMarks = map[string]string{
	"'": "\u0301", "`": "\u0300", "^": "\u0302", `"`: "\u0308", "~": "\u0303", "=": "\u0304",
	".": "\u0307", "u": "\u0306", "v": "\u030c", "H": "\u030b", "c": "\u0327", "k": "\u0328", "r": "\u030a",
}

// texAccentRE matches \'e, \'{e}, {\'e}, \c{c}, \v{s}, and \'\i (dotless i).
var texAccentRE = regexp.MustCompile(`\{?\\(['` + "`" + `^"~=.]|[uvHckr](?:\s|\{))\s*\{?(\\i|\\j|[A-Za-z])\}?\}?`)

// texLetters are letter commands with no combining form.
var texLetters = strings.NewReplacer(`{\ss}`, "ß", `\ss{}`, "ß", `{\o}`, "ø", `{\O}`, "Ø", `{\aa}`, "å", `{\AA}`, "Å",
	`{\ae}`, "æ", `{\AE}`, "Æ", `{\l}`, "ł", `{\L}`, "Ł", `\o{}`, "ø", `\aa{}`, "å")

// Accents writes TeX's accent and letter commands in text (R\'{e}nyi,
// {\ss}) as the Unicode letters they stand for, in math too; other
// commands are left as they are.
func Accents(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	s = texLetters.Replace(s)
	out := texAccentRE.ReplaceAllStringFunc(s, func(m string) string {
		sub := texAccentRE.FindStringSubmatch(m)
		cmd := strings.TrimRight(sub[1], " {\t\n")
		letter := sub[2]
		switch letter {
		case `\i`:
			letter = "ı"
		case `\j`:
			letter = "ȷ"
		}
		mark, ok := texAccentMarks[cmd]
		if !ok {
			return m
		}
		if letter == "ı" && cmd != "" {
			letter = "i" // an accent on a dotless i is an accented i
		}
		return norm.NFC.String(letter + mark)
	})
	return out
}
