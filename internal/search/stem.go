package search

import (
	"strings"

	"github.com/kljensen/snowball/english"
)

// Stem returns the Snowball English stem of a word as AppendWords gives it:
// "learning", "learned" and "learns" all become "learn". Words with digits
// or letters outside a–z, and words of two letters, are their own stem. An
// abbreviation's plural stems to the abbreviation ("llms" to "llm", "cnns"
// to "cnn"), which Snowball leaves alone for want of a vowel.
func Stem(w string) string {
	if len(w) <= 2 {
		return w
	}
	vowel := false
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c < 'a' || c > 'z' {
			return w
		}
		vowel = vowel || strings.IndexByte("aeiouy", c) >= 0
	}
	if !vowel {
		return strings.TrimSuffix(w, "s")
	}
	return english.Stem(w, true)
}

// StemTerm is the term under which a paper is indexed for each word whose
// stem is not the word itself: "~learn" for "learning". A word equal to its
// stem is found under the word alone, so a search for a stem reads the word
// and this term. "~" is never part of a word.
func StemTerm(stem string) string { return "~" + stem }

// TitleStemTerm is the term under which a paper is indexed for each stem of
// its title, so that searches find title matches without reading the
// much longer lists of words anywhere in a paper.
func TitleStemTerm(stem string) string { return "^" + stem }

// stopWords are English words too common to say what a query is about:
// they still score, but a paper need not have them to rank with those that
// have every word.
var stopWords = wordSet(`a about after all also an and any are as at be been being between both but by
	can could did do does doing each for from had has have how i if in into is it its many may me might more
	most much my new no not of on one or other our should so some such than that the their them then there
	these they this those through to too two up us use used using very via was we well were what when where
	whether which while who whom why will with within without would you your`)

func wordSet(words string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(words) {
		out[w] = true
	}
	return out
}

// IsStopWord says whether w (as AppendWords gives it) is a common English
// word that says little about what a query wants.
func IsStopWord(w string) bool { return stopWords[w] }
