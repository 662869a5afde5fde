package main

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sort"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// The kinds of known-item query, in the order the report lists them.
const (
	kindTitle    = "title"
	kindForms    = "forms"
	kindAbstract = "abstract"
	kindQuestion = "question"
	kindAuthor   = "author"
	// The paraphrased questions, split by paper into a half to tune on and
	// a held-out half that no choice is made on (paraphraseKind).
	kindParaphrase     = "paraphrase"
	kindParaphraseHeld = "paraphrase-held"
)

var allKinds = []string{kindTitle, kindForms, kindAbstract, kindQuestion, kindAuthor, kindParaphrase, kindParaphraseHeld}

var kindNames = map[string]string{
	kindTitle:          "exact title",
	kindForms:          "title in other word forms",
	kindAbstract:       "remembered abstract words",
	kindQuestion:       "plain-language question",
	kindAuthor:         "author + topic word",
	kindParaphrase:     "paraphrased question, tuning half",
	kindParaphraseHeld: "paraphrased question, held-out half",
}

// query is one known-item search: the text typed and the paper meant.
type query struct {
	Kind    string
	PaperID string
	Text    string
}

// generate builds n queries of each generated kind (all but questions)
// from the corpus, deterministically.
func generate(c *corpus, n int) []query {
	df := c.documentFrequencies()
	var out []query
	for _, kind := range []string{kindTitle, kindForms, kindAbstract, kindAuthor} {
		made := map[int]string{}
		ok := func(i int) bool {
			text, good := makeQuery(kind, c.papers[i], df, rngFor(kind, c.papers[i].ID))
			if good {
				made[i] = text
			}
			return good
		}
		for _, i := range c.targets(kind, n, ok) {
			out = append(out, query{Kind: kind, PaperID: c.papers[i].ID, Text: made[i]})
		}
	}
	return out
}

// printCandidates prints the papers chosen, in order, for hand-written
// questions: whoever writes more questions takes the next ones.
func printCandidates(w io.Writer, c *corpus, n int) {
	for k, i := range c.targets(kindQuestion, n, func(int) bool { return true }) {
		p := c.papers[i]
		fmt.Fprintf(w, "%d\t%s\t%s %d\t%s\n\t%s\n\n", k+1, p.ID, c.source[p.ID], p.PublishedAt.Year(), oneLine(p.Title), oneLine(p.Abstract))
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func rngFor(kind, id string) *rand.Rand {
	return rand.New(rand.NewPCG(idHash(kind, id), seed))
}

// makeQuery writes a query of a generated kind for p.
func makeQuery(kind string, p paper.Paper, df map[string]int, rng *rand.Rand) (string, bool) {
	switch kind {
	case kindTitle:
		return strings.Join(strings.Fields(p.Title), " "), true
	case kindForms:
		return variantTitle(p.Title, rng, func(w string) bool { return df[w] >= 2 })
	case kindAbstract:
		return abstractWords(p.Abstract, df, rng)
	case kindAuthor:
		return authorTopic(p, df, rng)
	}
	return "", false
}

// documentFrequencies counts, for each word, the papers whose title or
// abstract has it.
func (c *corpus) documentFrequencies() map[string]int {
	df := map[string]int{}
	for _, p := range c.papers {
		seen := map[string]bool{}
		for _, w := range wordsOf(p.Title + " " + p.Abstract) {
			if !seen[w] {
				seen[w] = true
				df[w]++
			}
		}
	}
	return df
}

// abstractWords picks 3 to 5 words someone might remember from an
// abstract: distinctive ones (its rarest plain words of five letters or
// more, each found in at least two papers), taken from different
// sentences in turn so that no query is one sentence's words.
func abstractWords(abstract string, df map[string]int, rng *rand.Rand) (string, bool) {
	type cand struct {
		word     string
		sentence int
	}
	var cands []cand
	seen := map[string]bool{}
	for i, s := range strings.Split(abstract, ". ") {
		for _, w := range wordsOf(s) {
			if len(w) >= 5 && plainWord(w) && !stopwords[w] && df[w] >= 2 && !seen[w] {
				seen[w] = true
				cands = append(cands, cand{w, i})
			}
		}
	}
	if len(cands) < 6 {
		return "", false
	}
	sort.SliceStable(cands, func(a, b int) bool { return df[cands[a].word] < df[cands[b].word] })
	cands = cands[:max(6, len(cands)/3)]
	bySentence := map[int][]string{}
	var order []int
	for _, c := range cands {
		if bySentence[c.sentence] == nil {
			order = append(order, c.sentence)
		}
		bySentence[c.sentence] = append(bySentence[c.sentence], c.word)
	}
	if len(order) < 2 {
		return "", false
	}
	sort.Ints(order)
	rng.Shuffle(len(order), func(a, b int) { order[a], order[b] = order[b], order[a] })
	n := 3 + rng.IntN(3)
	var picked []string
	for len(picked) < n {
		took := false
		for _, s := range order {
			ws := bySentence[s]
			if len(ws) == 0 || len(picked) == n {
				continue
			}
			j := rng.IntN(len(ws))
			picked, took = append(picked, ws[j]), true
			bySentence[s] = append(ws[:j], ws[j+1:]...)
		}
		if !took {
			break
		}
	}
	if len(picked) < 3 {
		return "", false
	}
	return strings.Join(picked, " "), true
}

// authorTopic is one author's surname and the title's rarest plain word.
func authorTopic(p paper.Paper, df map[string]int, rng *rand.Rand) (string, bool) {
	var surnames []string
	for _, a := range p.Authors[:min(len(p.Authors), 5)] {
		ws := strings.Fields(a.Name)
		if len(ws) == 0 {
			continue
		}
		if s := ws[len(ws)-1]; len(s) >= 2 && plainWord(strings.ToLower(s)) {
			surnames = append(surnames, s)
		}
	}
	var topic string
	for _, w := range wordsOf(p.Title) {
		if len(w) >= 4 && plainWord(w) && !stopwords[w] && (topic == "" || df[w] < df[topic]) {
			topic = w
		}
	}
	if len(surnames) == 0 || topic == "" {
		return "", false
	}
	return surnames[rng.IntN(len(surnames))] + " " + topic, true
}

// writeQueries writes queries as tab-separated kind, paper id and text.
func writeQueries(path string, qs []query) error {
	var b strings.Builder
	b.WriteString("# Generated by `go run ./bench/searcheval -regen`: kind, paper id, query text.\n")
	for _, q := range qs {
		fmt.Fprintf(&b, "%s\t%s\t%s\n", q.Kind, q.PaperID, q.Text)
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

// readParaphrases reads the paraphrased questions (paper id, question),
// each of the kind of its half.
func readParaphrases(path string) ([]query, error) {
	qs, err := readQueries(path, kindParaphrase)
	for i := range qs {
		qs[i].Kind = paraphraseKind(qs[i].PaperID)
	}
	return qs, err
}

// paraphraseKind splits the paraphrased questions in two halves by a hash
// of the paper id, the same on every run.
func paraphraseKind(id string) string {
	if idHash("paraphrase-split", id)%2 == 0 {
		return kindParaphrase
	}
	return kindParaphraseHeld
}

// readQueries reads a file of tab-separated fields: kind, paper id and
// text, or (kind given) paper id and text. Lines starting with # are
// comments.
func readQueries(path, kind string) ([]query, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseQueries(f, path, kind)
}

func parseQueries(r io.Reader, name, kind string) ([]query, error) {
	var qs []query
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if strings.TrimSpace(text) == "" || strings.HasPrefix(text, "#") {
			continue
		}
		fields := strings.Split(text, "\t")
		if kind != "" {
			fields = append([]string{kind}, fields...)
		}
		if len(fields) != 3 || fields[1] == "" || strings.TrimSpace(fields[2]) == "" {
			return nil, fmt.Errorf("%s:%d: want kind, paper id and query, tab-separated (questions.tsv: paper id and question)", name, line)
		}
		qs = append(qs, query{Kind: fields[0], PaperID: fields[1], Text: fields[2]})
	}
	return qs, sc.Err()
}
