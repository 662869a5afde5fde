package search

// What the engine learns from the stored papers about words that mean the
// same thing, so that a search for one also finds the other: the
// abbreviations papers define and their long forms ("large language models
// (LLMs)"). No model comes from outside: what it knows, the papers said.

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Definition is an abbreviation a text defines. Short is the abbreviation
// folded and in the singular ("llm" for "LLMs"); Long is its long form's
// stems, space-separated ("larg languag model"), Words its folded words
// ("large language models").
type Definition struct {
	Short, Long, Words string
}

// maxShortLen bounds an abbreviation, in bytes.
const maxShortLen = 10

// Definitions returns the abbreviations text defines the usual way, a long
// form then the abbreviation in parentheses, each once. The long form is
// found as Schwartz and Hearst (2003) find it: the abbreviation's letters,
// last first, in the words before the parenthesis, its first letter at the
// start of a word, within min(n+5, 2n) words for n letters.
func Definitions(text string) []Definition {
	var out []Definition
	seen := map[string]bool{}
	for i := 0; i < len(text); i++ {
		if text[i] != '(' {
			continue
		}
		end := strings.IndexByte(text[i+1:min(len(text), i+2+maxShortLen+1)], ')')
		if end < 0 {
			continue
		}
		d, ok := define(text[:i], text[i+1:i+1+end])
		if ok && !seen[d.Short+"\x00"+d.Long] {
			seen[d.Short+"\x00"+d.Long] = true
			out = append(out, d)
		}
	}
	return out
}

// define reads an abbreviation inner, written in parentheses after before.
func define(before, inner string) (Definition, bool) {
	short, ok := abbreviation(inner)
	if !ok {
		return Definition{}, false
	}
	words := strings.Fields(before)
	letters := 0
	for _, r := range short {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			letters++
		}
	}
	words = words[len(words)-min(len(words), min(letters+5, 2*letters)):]
	long, ok := longForm(short, strings.Join(words, " "))
	if !ok {
		return Definition{}, false
	}
	folded := AppendWords(nil, long)
	shortWord := AppendWords(nil, short)
	// A long form starting with a stop word is the algorithm matching
	// the abbreviation's first letter too late: "and forward (AF)".
	if len(folded) == 0 || len(shortWord) != 1 || IsStopWord(folded[0]) {
		return Definition{}, false
	}
	stems := make([]string, len(folded))
	for i, w := range folded {
		if w == shortWord[0] {
			return Definition{}, false // "GPT-4 (GPT)": not a definition
		}
		stems[i] = Stem(w)
	}
	return Definition{Short: shortWord[0], Long: strings.Join(stems, " "), Words: strings.Join(folded, " ")}, true
}

// abbreviation says whether inner looks like an abbreviation and returns it
// in the singular: one word of 2 to 10 letters and digits, starting with a
// letter, with a capital after its first letter ("LLMs", "CoT", "QKD").
// A final lower-case s after a capital is a plural.
func abbreviation(inner string) (string, bool) {
	if len(inner) < 2 || len(inner) > maxShortLen {
		return "", false
	}
	first, _ := utf8.DecodeRuneInString(inner)
	if !unicode.IsLetter(first) {
		return "", false
	}
	capitals := 0
	for i, r := range inner {
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' {
			return "", false
		}
		if i > 0 && unicode.IsUpper(r) {
			capitals++
		}
	}
	if capitals == 0 {
		return "", false
	}
	if n := len(inner); inner[n-1] == 's' && n > 2 && inner[n-2] >= 'A' && inner[n-2] <= 'Z' {
		inner = inner[:n-1]
	}
	return inner, true
}

// longForm finds the long form of short at the end of text (Schwartz and
// Hearst's algorithm).
func longForm(short, text string) (string, bool) {
	s, l := len(short)-1, len(text)-1
	for s >= 0 {
		c := lowerByte(short[s])
		if !isAlnum(c) {
			s--
			continue
		}
		for l >= 0 && (lowerByte(text[l]) != c || s == 0 && l > 0 && isAlnum(lowerByte(text[l-1]))) {
			l--
		}
		if l < 0 {
			return "", false
		}
		l--
		s--
	}
	start := strings.LastIndexByte(text[:l+1], ' ') + 1
	long := text[start:]
	if len(long) <= len(short) || strings.ContainsAny(long, "()[]") {
		return "", false
	}
	return long, true
}

func lowerByte(c byte) byte {
	if c >= 'A' && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isAlnum(c byte) bool { return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' }
