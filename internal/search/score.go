package search

import (
	"math"
	"slices"
	"unsafe"
)

// The ranking: BM25F over three fields, title above authors above abstract;
// a word in another form than typed counts stemOnly of one as typed;
// papers with a word of every group of the query (stop words aside) form a
// first tier above the others; consecutive query words found side by side
// add a proximity bonus.
const (
	titleWeight    = 5.0
	authorsWeight  = 3.0
	abstractWeight = 1.0
	bm25K1         = 1.2
	stemOnly       = 0.7
	stopWordIDF    = 0.1 // stop words are not looked up: they only break ties
	expandedWeight = 0.3 // a stem a search also looks for (related) weighs this much of one typed
)

// fieldShape is how BM25F treats a field: its weight, its usual length in
// words and how much a longer field's matches count less.
var fieldShape = [3]struct{ weight, avgLen, b float64 }{
	{titleWeight, 10, 0.5},
	{authorsWeight, 12, 0.3},
	{abstractWeight, 160, 0.75},
}

// scorer checks candidates against a query and scores them. It is used by
// one search at a time.
type scorer struct {
	q        *Query
	m        *Matcher // the query's stems: scored first, then those only excluded
	scored   int      // m.Stems()[:scored] are scored
	stop     []bool
	idf      []float64
	groups   [][]int
	expanded []bool   // stems only searched for as an expansion
	alts     []alt    // what else matches groups of the query
	pairs    [][2]int // consecutive words of the query, by stem
	must     []stemPhrase
	mustNot  []stemPhrase
	words    [3][]string  // scratch
	arena    [3][]byte    // scratch: the words lower-cased, by field
	lower    []byte       // scratch: the word eachWordAt lower-cased last
	ids      [3][]int     // scratch: each word's stem index or -1
	tf       [3][]float64 // scratch
}

// stemPhrase is a phrase with the stem index of each word.
type stemPhrase struct {
	phrase
	ids []int
}

// alt is an expansion of groups[from[0]:from[1]] of the query: a paper
// with all the stems of one of ids has those groups.
type alt struct {
	from [2]int
	ids  [][]int
}

func newScorer(q *Query, exps []Expansion) *scorer {
	sc := &scorer{q: q, m: NewMatcher()}
	var prev = -1
	for _, g := range q.groups {
		var ids []int
		for _, w := range g {
			ids = append(ids, sc.addWord(w))
		}
		sc.groups = append(sc.groups, ids)
		if len(g) == 1 && !IsStopWord(g[0]) {
			if prev >= 0 && prev != ids[0] {
				sc.pairs = append(sc.pairs, [2]int{prev, ids[0]})
			}
			prev = ids[0]
		}
	}
	sc.expand(exps)
	sc.scored = len(sc.m.Stems())
	for _, p := range q.must {
		sc.must = append(sc.must, sc.stemPhrase(p))
	}
	for _, p := range q.mustNot {
		sc.mustNot = append(sc.mustNot, sc.stemPhrase(p))
	}
	sc.idf = make([]float64, len(sc.m.Stems()))
	for f := range sc.tf {
		sc.tf[f] = make([]float64, sc.scored)
	}
	return sc
}

// addWord adds a typed word and returns its stem's index.
func (sc *scorer) addWord(w string) int {
	i := sc.m.Add(w)
	if i == len(sc.stop) { // a new stem
		sc.stop = append(sc.stop, IsStopWord(w))
		sc.expanded = append(sc.expanded, false)
	}
	return i
}

// expand adds the stems of the expansions, weighing expandedWeight of a
// typed one unless typed too.
func (sc *scorer) expand(exps []Expansion) {
	for _, e := range exps {
		a := alt{from: e.From}
		for _, stems := range e.Alts {
			var ids []int
			for _, stem := range stems {
				ids = append(ids, sc.addStem(stem))
			}
			a.ids = append(a.ids, ids)
		}
		sc.alts = append(sc.alts, a)
	}
}

// addStem adds a stem searched only as an expansion, unless the query has
// it, and returns its index.
func (sc *scorer) addStem(stem string) int {
	i := sc.m.AddStem(stem)
	if i == len(sc.stop) { // a new stem
		sc.stop = append(sc.stop, false)
		sc.expanded = append(sc.expanded, true)
	}
	return i
}

func (sc *scorer) stemPhrase(p phrase) stemPhrase {
	sp := stemPhrase{phrase: p}
	for _, w := range p.words {
		sp.ids = append(sp.ids, sc.addWord(w))
	}
	return sp
}

// lookupStems returns the stems worth looking up in the index: the scored
// ones but stop words (unless there is nothing else), at most maxQueryStems.
func (sc *scorer) lookupStems() []string {
	var out []string
	for i, stem := range sc.m.Stems()[:sc.scored] {
		if !sc.stop[i] {
			out = append(out, stem)
		}
	}
	if len(out) == 0 {
		out = sc.m.Stems()[:sc.scored]
	}
	return out[:min(len(out), maxQueryStems)]
}

// weigh sets each stem's weight from the index's counts in docs papers.
func (sc *scorer) weigh(stats []stemStats, docs int) {
	for i := range sc.idf {
		sc.idf[i] = stopWordIDF
	}
	for _, st := range stats {
		i := sc.m.Index(st.stem)
		sc.idf[i] = 1
		if docs > 0 {
			sc.idf[i] = idfOf(st.df, docs)
		}
		if sc.expanded[i] {
			sc.idf[i] *= expandedWeight
		}
	}
}

// score says whether c has what the query requires and nothing it
// excludes, and sets its tier and score.
func (sc *scorer) score(c *Candidate) bool {
	for f, text := range [3]string{c.Title, c.Authors, c.Summary} {
		sc.split(f, text)
	}
	for _, p := range sc.mustNot {
		if sc.has(p) {
			return false
		}
	}
	for _, p := range sc.must {
		if !sc.has(p) {
			return false
		}
	}
	c.tier, c.score = 1, 0
	allStop := true
	for _, g := range sc.groups {
		allStop = allStop && sc.stop[g[0]]
	}
	for gi, g := range sc.groups {
		if (allStop || !sc.stop[g[0]]) && !sc.matched(g) && !sc.altMatched(gi) {
			c.tier = 0
		}
	}
	for i := range sc.scored {
		tf := 0.0
		for f, shape := range fieldShape {
			n := float64(len(sc.words[f]))
			tf += shape.weight * sc.tf[f][i] / (1 - shape.b + shape.b*n/shape.avgLen)
		}
		c.score += sc.idf[i] * tf * (bm25K1 + 1) / (bm25K1 + tf)
	}
	for _, p := range sc.pairs {
		if sc.adjacent(p) {
			c.score += 0.5 * min(sc.idf[p[0]], sc.idf[p[1]])
		}
	}
	c.score *= communityPrior(c.Upvotes)
	return c.score > 0 || len(sc.must) > 0
}

// communityPrior is the community's signal, a stated prior rather than a
// hidden boost: at similar relevance a paper on the feed ranks above one
// nobody featured, and one with more upvotes above one with fewer. A paper
// on the feed scores 2% more, and 2% more for each e-fold of its upvotes
// (1 upvote: 3.4%, 20: 8%), 12% at most.
func communityPrior(upvotes int) float64 {
	if upvotes < 0 {
		return 1
	}
	return min(1.12, 1.02+0.02*math.Log1p(float64(upvotes)))
}

// split reads field f's words, their stems' indices and the term counts.
func (sc *scorer) split(f int, text string) {
	sc.words[f], sc.arena[f] = sc.words[f][:0], sc.arena[f][:0]
	eachWordAt(text, &sc.lower, func(_, _ int, w string) {
		sc.words[f] = append(sc.words[f], sc.keep(f, w))
	})
	sc.ids[f] = sc.ids[f][:0]
	clear(sc.tf[f])
	for _, w := range sc.words[f] {
		id, exact := sc.m.Match(w)
		sc.ids[f] = append(sc.ids[f], id)
		if id >= 0 && id < sc.scored {
			if exact {
				sc.tf[f][id]++
			} else {
				sc.tf[f][id] += stemOnly
			}
		}
	}
}

// keep returns the word w, copied into field f's arena when eachWordAt
// lower-cased it into sc.lower, which the next word overwrites: one arena
// a field, reused from paper to paper, instead of a string a capitalised
// word. Growing the arena leaves the words before in the old one.
func (sc *scorer) keep(f int, w string) string {
	if len(sc.lower) == 0 || unsafe.StringData(w) != unsafe.SliceData(sc.lower) {
		return w // text's own memory, or a word folded anew
	}
	a := sc.arena[f]
	if len(a)+len(w) > cap(a) {
		a = make([]byte, 0, max(2*cap(a), len(w), 1024))
	}
	n := len(a)
	a = append(a, w...)
	sc.arena[f] = a
	return unsafe.String(&a[n], len(w))
}

// matched says whether a stem of group g is in the paper.
func (sc *scorer) matched(g []int) bool {
	for _, i := range g {
		for f := range sc.tf {
			if sc.tf[f][i] > 0 {
				return true
			}
		}
	}
	return false
}

// altMatched says whether the paper has an expansion of group gi: all
// the stems of one that stands for it, or for words around it.
func (sc *scorer) altMatched(gi int) bool {
	for _, a := range sc.alts {
		if gi < a.from[0] || gi >= a.from[1] {
			continue
		}
		for _, ids := range a.ids {
			if sc.allMatched(ids) {
				return true
			}
		}
	}
	return false
}

// allMatched says whether every stem of ids is in the paper.
func (sc *scorer) allMatched(ids []int) bool {
	for _, i := range ids {
		if !sc.matched([]int{i}) {
			return false
		}
	}
	return true
}

// has says whether the paper has phrase p where p asks.
func (sc *scorer) has(p stemPhrase) bool {
	for f := range sc.words {
		if p.field != anyField && field(f+1) != p.field {
			continue
		}
		if p.exact && hasPhrase(sc.words[f], p.words) || !p.exact && hasRun(sc.ids[f], p.ids) {
			return true
		}
	}
	return false
}

// adjacent says whether the stems of pair p stand side by side, in order,
// in the title or the abstract.
func (sc *scorer) adjacent(p [2]int) bool {
	for _, f := range []int{0, 2} {
		if hasRun(sc.ids[f], p[:]) {
			return true
		}
	}
	return false
}

// hasPhrase says whether phrase occurs in words, its words in a row.
func hasPhrase(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}

// hasRun says whether run occurs in ids, in a row.
func hasRun(ids, run []int) bool {
	for i := 0; i+len(run) <= len(ids); i++ {
		ok := true
		for j, id := range run {
			if ids[i+j] != id {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}
