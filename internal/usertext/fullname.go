package usertext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxFullNameLength is the most characters a full name may have.
const MaxFullNameLength = 80

// maxMarks is the most combining marks one letter may carry: enough for
// Vietnamese or Devanagari, too few to stack marks over the lines around.
const maxMarks = 4

// FullName checks the full name a person shows beside their username, and
// returns it less surrounding spaces; "" is valid (no full name). A full
// name is one line of at most 80 visible characters, words separated by
// plain spaces. Refused are the characters that hide what a name is or
// move the text around it: controls, invisible format characters (zero-width
// spaces and joiners, bidirectional embeddings, overrides and isolates),
// other spaces, invisible fillers and variation selectors, unassigned and
// private code points, and stacks of combining marks.
func FullName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxFullNameLength {
		return "", invalid("a full name is one line of at most 80 characters")
	}
	marks := 0
	for i, r := range name {
		if hiddenNameRune(r) {
			return "", invalid("a full name cannot contain invisible, control or text-direction characters, or spaces other than the ordinary one")
		}
		if !unicode.In(r, unicode.Mn, unicode.Me) {
			marks = 0
		} else if marks++; i == 0 || marks > maxMarks {
			return "", invalid("a full name cannot start with or stack accents")
		}
	}
	return name, nil
}

// hiddenNameRune reports runes that show as nothing, as a space that is not
// one, or that change how the text around them is laid out.
func hiddenNameRune(r rune) bool {
	if r == ' ' {
		return false
	}
	return unicode.IsSpace(r) || !unicode.IsGraphic(r) || // controls, Cf, Zl, Zp, private, unassigned
		unicode.In(r, unicode.Bidi_Control, unicode.Join_Control, unicode.Variation_Selector,
			unicode.Other_Default_Ignorable_Code_Point) ||
		r == '\u2800' // braille blank, shown as a space
}

// NameKeys are the forms of a name in which names that look alike are
// equal, to compare a full name with usernames: two names look alike when
// their keys share one. A key has compatibility forms unfolded (fullwidth
// letters, ligatures), accents dropped, Cyrillic and Greek letters that look
// Latin made Latin, letters in lower case, and 0 and 1 made o and l. An
// upper-case I looks like a lower-case l too, but not like i in lower case:
// a name with one has a second key where it is l. UsernameKeysSQL does the
// same to a username.
func NameKeys(name string) []string {
	var std, il strings.Builder
	for _, r := range norm.NFKD.String(name) {
		if unicode.In(r, unicode.Mn, unicode.Me) {
			continue
		}
		if l, ok := latinLookalikes[r]; ok {
			r = l
		}
		std.WriteRune(foldKeyRune(r))
		if r == 'I' {
			r = 'l'
		}
		il.WriteRune(foldKeyRune(r))
	}
	if std.String() == il.String() {
		return []string{std.String()}
	}
	return []string{std.String(), il.String()}
}

func foldKeyRune(r rune) rune {
	switch r = unicode.ToLower(r); r {
	case '0':
		return 'o'
	case '1':
		return 'l'
	}
	return r
}

// UsernameKeysSQL are NameKeys of the username in column, as SQL
// expressions both SQLite and PostgreSQL run: usernames are ASCII (see
// Username), so lower() and replace() do all of it.
func UsernameKeysSQL(column string) []string {
	fold := func(x string) string { return `replace(replace(lower(` + x + `), '0', 'o'), '1', 'l')` }
	return []string{fold(column), fold(`replace(` + column + `, 'I', 'l')`)}
}

// CouldBeUsernameKey reports whether key, one of NameKeys, can equal the key of a
// username: whether it is worth comparing with them.
func CouldBeUsernameKey(key string) bool {
	if key == "" {
		return false
	}
	for i := 0; i < len(key); i++ {
		if c := key[i]; !isASCIIAlnum(c) && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

// latinLookalikes maps Cyrillic and Greek letters to the Latin letters they
// are drawn like in common fonts.
var latinLookalikes = map[rune]rune{
	// Cyrillic
	'а': 'a', 'е': 'e', 'һ': 'h', 'і': 'i', 'ј': 'j', 'к': 'k', 'м': 'm', 'н': 'h', 'о': 'o',
	'р': 'p', 'с': 'c', 'ѕ': 's', 'т': 't', 'у': 'y', 'х': 'x', 'ԁ': 'd', 'ԛ': 'q', 'ԝ': 'w', 'ӏ': 'l',
	'А': 'A', 'В': 'B', 'Е': 'E', 'Н': 'H', 'І': 'I', 'Ј': 'J', 'К': 'K', 'М': 'M', 'О': 'O', 'Р': 'P',
	'С': 'C', 'Ѕ': 'S', 'Т': 'T', 'У': 'Y', 'Х': 'X', 'Ӏ': 'I',
	// Greek
	'α': 'a', 'ι': 'i', 'κ': 'k', 'ν': 'v', 'ο': 'o', 'ρ': 'p', 'υ': 'u', 'χ': 'x',
	'Α': 'A', 'Β': 'B', 'Ε': 'E', 'Ζ': 'Z', 'Η': 'H', 'Ι': 'I', 'Κ': 'K', 'Μ': 'M', 'Ν': 'N', 'Ο': 'O',
	'Ρ': 'P', 'Τ': 'T', 'Υ': 'Y', 'Χ': 'X',
	// Latin letters drawn like others
	'ı': 'i', 'ɩ': 'i', 'ɡ': 'g', 'ʟ': 'l',
}
