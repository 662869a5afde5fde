package main

import (
	"math/rand/v2"
	"strings"
)

// wordForms returns other forms of an English word, by suffix rules:
// plural and singular, and the -ing, -ed, -ion and -er forms of a verb.
// The rules are few and conservative; a word they do not know has none.
func wordForms(w string) []string {
	if len(w) < 4 || !plainWord(w) || stopwords[w] || uninflected[w] {
		return nil
	}
	for _, r := range formRules {
		if !strings.HasSuffix(w, r.suffix) {
			continue
		}
		if r.to == nil {
			return nil
		}
		if len(w)-len(r.suffix) >= r.minStem {
			stem := strings.TrimSuffix(w, r.suffix)
			out := make([]string, len(r.to))
			for i, t := range r.to {
				out[i] = stem + t
			}
			return out
		}
	}
	return pluralForms(w)
}

// formRule replaces a suffix by each of its other forms; the first rule
// whose suffix a word ends with applies.
type formRule struct {
	suffix  string
	minStem int
	to      []string
}

var formRules = []formRule{
	{"ntations", 4, []string{"nting", "nted", "ntation"}}, // representations → representing
	{"ntation", 4, []string{"nting", "nted", "ntations"}},
	{"fications", 3, []string{"fying", "fied", "fication"}}, // classifications → classifying
	{"fication", 3, []string{"fying", "fied", "fications"}},
	{"izations", 3, []string{"izing", "ized", "ization"}},
	{"ization", 3, []string{"izing", "ized", "izations"}},
	{"ations", 3, []string{"ating", "ated", "ation"}}, // generations → generating
	{"ation", 3, []string{"ating", "ated", "ations"}},
	{"ctions", 3, []string{"cting", "cted", "ction"}}, // predictions → predicting
	{"ction", 3, []string{"cting", "cted", "ctions"}},
	{"ssions", 3, []string{"ssing", "ssed", "ssion"}}, // regressions → regressing
	{"ssion", 3, []string{"ssing", "ssed", "ssions"}},
	{"fying", 3, []string{"fication", "fied"}},
	{"izing", 3, []string{"ization", "ized", "izer"}},
	{"ating", 3, []string{"ation", "ated", "ator"}},
	{"cting", 3, []string{"ction", "cted", "ctor"}},
	{"ssing", 3, []string{"ssion", "ssed"}},
	{"ing", 4, []string{"ed", "er"}}, // learning → learned, learner
	{"fied", 3, []string{"fying", "fication"}},
	{"ized", 3, []string{"izing", "ization"}},
	{"ated", 3, []string{"ating", "ation"}},
	{"cted", 3, []string{"cting", "ction"}},
	{"eed", 0, nil},            // speed, need: no -ed form
	{"ed", 4, []string{"ing"}}, // learned → learning
	{"formers", 1, []string{"forming", "former"}},
	{"former", 1, []string{"forming", "formers"}},
	{"coders", 2, []string{"coding", "coder"}},
	{"coder", 2, []string{"coding", "coders"}},
	{"izers", 3, []string{"izing", "izer"}},
	{"izer", 3, []string{"izing", "izers"}},
	{"arners", 2, []string{"arning", "arner"}},
	{"arner", 2, []string{"arning", "arners"}},
}

// uninflected are words the plural rules would spoil.
var uninflected = setOf(`deep large small fast slow high low long short open robust multi self semi cross
efficient general neural local global linear nonlinear random optimal dynamic static visual spatial temporal
hard soft human social quantum single multiple novel simple complex fine real free full wide better best more less
ever over under inter intra across this that what with from into than then them they their these those
analysis basis thesis hypothesis axis series species news physics mathematics dynamics statistics economics
robotics graphics genomics ethics linguistics semantics kinetics optics mechanics electronics bias gas lens
less loss`)

// pluralForms turns a plural into its singular and a singular into its
// plural.
func pluralForms(w string) []string {
	switch {
	case strings.HasSuffix(w, "ies") && len(w) > 4:
		return []string{strings.TrimSuffix(w, "ies") + "y"}
	case strings.HasSuffix(w, "sses"), strings.HasSuffix(w, "ches"), strings.HasSuffix(w, "shes"), strings.HasSuffix(w, "xes"):
		return []string{strings.TrimSuffix(w, "es")}
	case strings.HasSuffix(w, "ss"), strings.HasSuffix(w, "us"), strings.HasSuffix(w, "is"), strings.HasSuffix(w, "ous"):
		return nil
	case strings.HasSuffix(w, "s"):
		return []string{strings.TrimSuffix(w, "s")}
	}
	for _, adj := range []string{"ly", "al", "ive", "ic", "ful", "less", "able", "ible", "ent", "ant", "ar", "ary", "ory"} {
		if strings.HasSuffix(w, adj) {
			return nil // an adjective or adverb has no plural
		}
	}
	switch {
	case strings.HasSuffix(w, "y") && !strings.ContainsRune("aeiou", rune(w[len(w)-2])):
		return []string{strings.TrimSuffix(w, "y") + "ies"}
	case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
		return []string{w + "es"}
	}
	return []string{w + "s"}
}

// variantTitle writes a title in other word forms: the title's words,
// lower-case, each word that has other forms changed to one of them with
// probability 1/2 and at least one changed. A form counts only when known
// says it is a word (one the corpus uses), so that "wikipedias" is never
// made. ok is false when no word of the title has another form.
func variantTitle(title string, rng *rand.Rand, known func(string) bool) (string, bool) {
	words := wordsOf(title)
	forms := make([][]string, len(words))
	var changeable []int
	for i, w := range words {
		for _, f := range wordForms(w) {
			if known(f) {
				forms[i] = append(forms[i], f)
			}
		}
		if len(forms[i]) > 0 {
			changeable = append(changeable, i)
		}
	}
	if len(changeable) == 0 {
		return "", false
	}
	must := changeable[rng.IntN(len(changeable))]
	for _, i := range changeable {
		if i == must || rng.Float64() < 0.5 {
			words[i] = forms[i][rng.IntN(len(forms[i]))]
		}
	}
	return strings.Join(words, " "), true
}
