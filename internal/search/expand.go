package search

import (
	"context"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Pair is a definition as the store counts it: how many papers define
// Short by Long.
type Pair struct {
	Definition
	Papers int
}

// MinPapers is how many papers must define an abbreviation one way before
// a search trusts it: one paper's definition may be its own coinage.
const MinPapers = 3

// maxLongWords bounds the long forms looked up in a query, in words.
const maxLongWords = 6

// Keys returns what to look up for a query whose consecutive words are
// words ("" where a word cannot be part of an abbreviation or a long form,
// such as a group of alternatives): the words that may be abbreviations
// (each also in the singular; see MayAbbreviate) and the runs of stems
// that may be long forms.
func Keys(words []string, capitals map[string]bool) (shorts, longs []string) {
	for i, w := range words {
		if w == "" {
			continue
		}
		if MayAbbreviate(w, capitals) {
			shorts = append(shorts, w)
			if s := singular(w); s != w {
				shorts = append(shorts, s)
			}
		}
		if IsStopWord(w) {
			continue // no long form starts with one (Definitions)
		}
		var run []string
		for _, v := range words[i:min(len(words), i+maxLongWords)] {
			if v == "" {
				break
			}
			run = append(run, Stem(v))
			longs = append(longs, strings.Join(run, " "))
		}
	}
	return shorts, longs
}

// MayAbbreviate says whether a query word w may be an abbreviation: not a
// stop word, 2 to 10 letters, and either typed with a capital after its
// first letter (capitals: "LLM", "CoT") or without a vowel ("llm", "rl"),
// so that "map" or "art" typed as words are not read as MAP or ART.
func MayAbbreviate(w string, capitals map[string]bool) bool {
	if len(w) < 2 || len(w) > maxShortLen || IsStopWord(w) {
		return false
	}
	return capitals[w] || !strings.ContainsAny(w, "aeiouy")
}

// Capitals returns the words of text (as AppendWords folds them)
// that were written with a capital after their first letter.
func Capitals(text string) map[string]bool {
	out := map[string]bool{}
	EachWordAt(text, func(start, end int, w string) {
		_, size := utf8.DecodeRuneInString(text[start:end])
		for _, r := range text[start+size : end] {
			if unicode.IsUpper(r) {
				out[w] = true
				return
			}
		}
	})
	return out
}

// singular drops a final s from an abbreviation ("llms"); Snowball keeps
// it, as the word has no vowel.
func singular(w string) string {
	if len(w) > 2 && strings.HasSuffix(w, "s") {
		return w[:len(w)-1]
	}
	return w
}

// Expansion is one thing a search also looks for: the words From[0] to
// From[1]-1 of the query (an abbreviation or a long form) are also found as
// any of Alts, each a list of stems a paper must all have. Typed and Also
// say it to a reader: "LLM", "large language models".
type Expansion struct {
	From        [2]int
	Alts        [][]string
	Typed, Also string
}

// Expand chooses the expansions of a query of words (as for Keys) from the
// pairs the store holds for its keys: an abbreviation is also searched by
// its long form most papers give it, and a long form by the abbreviation
// most papers give it, each if at least MinPapers papers do. An
// abbreviation in the singular is also searched in the plural, and the
// other way round.
func Expand(words []string, capitals map[string]bool, pairs []Pair) []Expansion {
	byShort := map[string]Pair{}
	byLong := map[string]Pair{}
	for _, p := range pairs {
		if p.Papers < MinPapers {
			continue
		}
		if b, ok := byShort[p.Short]; !ok || better(p, b) {
			byShort[p.Short] = p
		}
		if b, ok := byLong[p.Long]; !ok || better(p, b) {
			byLong[p.Long] = p
		}
	}
	var out []Expansion
	for i, w := range words {
		if w == "" {
			continue
		}
		if !MayAbbreviate(w, capitals) {
			// a long form then
		} else if p, ok := byShort[singular(w)]; ok {
			alts := [][]string{strings.Fields(p.Long), {p.Short}, {p.Short + "s"}}
			out = append(out, Expansion{From: [2]int{i, i + 1}, Alts: alts, Typed: w, Also: p.Words})
			continue
		} else if p, ok := byShort[w]; ok {
			out = append(out, Expansion{From: [2]int{i, i + 1}, Alts: [][]string{strings.Fields(p.Long)}, Typed: w, Also: p.Words})
			continue
		}
		if e, ok := expandLong(words, i, byLong); ok {
			out = append(out, e)
		}
	}
	return out
}

// expandLong finds the longest long form starting at words[i].
func expandLong(words []string, i int, byLong map[string]Pair) (Expansion, bool) {
	var run []string
	var found Expansion
	ok := false
	if IsStopWord(words[i]) {
		return found, false
	}
	for j := i; j < min(len(words), i+maxLongWords) && words[j] != ""; j++ {
		run = append(run, Stem(words[j]))
		if p, has := byLong[strings.Join(run, " ")]; has {
			found = Expansion{From: [2]int{i, j + 1}, Alts: [][]string{{p.Short}, {p.Short + "s"}}, Typed: strings.Join(words[i:j+1], " "), Also: p.Short}
			ok = true
		}
	}
	return found, ok
}

// better says whether p is defined by more papers than b (the first in
// order among equals, so that the choice does not depend on the order of
// the pairs).
func better(p, b Pair) bool {
	if p.Papers != b.Papers {
		return p.Papers > b.Papers
	}
	return p.Short+"\x00"+p.Long < b.Short+"\x00"+b.Long
}

// expansions chooses what a search for q also looks for, from the pairs
// src holds for the query's words.
func expansions(ctx context.Context, src Source, q *Query) ([]Expansion, error) {
	words := make([]string, len(q.groups))
	for i, g := range q.groups {
		if len(g) == 1 {
			words[i] = g[0]
		}
	}
	capitals := Capitals(q.text)
	shorts, longs := Keys(words, capitals)
	if len(shorts)+len(longs) == 0 {
		return nil, nil
	}
	pairs, err := src.Abbreviations(ctx, shorts, longs)
	if err != nil {
		return nil, fmt.Errorf("read abbreviations: %w", err)
	}
	return Expand(words, capitals, pairs), nil
}
