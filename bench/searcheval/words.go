package main

import (
	"strings"
	"unicode"
)

// wordsOf splits text into lower-case words of letters and digits.
func wordsOf(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r)
	})
}

// plainWord reports whether w is made of ASCII letters only: a word one
// can type and remember (no TeX, digits or accents).
func plainWord(w string) bool {
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return w != ""
}

// stopwords are words nobody searches for by themselves, and words that
// every abstract uses.
var stopwords = setOf(`a about above across after again against all also although am among an and any are as at be because been
before being below between both but by can could did do does doing done down during each either else even ever
every few for from further had has have having here how however if in into is it its itself just less many may
more most much must neither no nor not now of off often on once one only onto or other others our out over own
per rather same several shall she should since so some such than that the their them themselves then there
these they this those though through thus to too two under until up upon us use used uses using very via was
we well were what when where whether which while who whom whose why will with within without would yet you
your paper propose proposed present presents show shows shown approach method methods new novel based results
result study work framework problem problems model models data first second three different provide provides
given able toward towards existing significantly demonstrate demonstrates achieve achieves state art known
recent recently various including introduce introduces improve improves improved set large`)

func setOf(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
