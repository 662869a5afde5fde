package search

// Matcher holds the one rule for "this word of a text matches this word of
// a query": the same word once folded (as EachWord gives both), or another
// word of the same Snowball stem ("learned" for learning, never "Graphene"
// for graph). The scorer counts the words it matches and the highlighter
// marks them, so a marked word is one that counted. A Matcher is used by
// one goroutine at a time.
type Matcher struct {
	stems []string          // the query's stems, in the order first added
	index map[string]int    // stem -> its index in stems
	exact map[string]int    // a query word -> its stem's index
	cache map[string]string // text word -> its stem: stemming is slower than a lookup
	// The first two bytes of each query word, and of each stem of two or
	// more: most words of a text have neither, and a bit read is cheaper
	// than hashing them for a map that has not got them.
	exactPrefixes, prefixes prefixSet
}

// prefixSet is a set of words' first two bytes (of a one-byte word, the
// byte and 0: no word has a NUL).
type prefixSet [1 << 16 / 64]uint64

func prefixOf(w string) uint16 {
	switch len(w) {
	case 0:
		return 0
	case 1:
		return uint16(w[0]) << 8
	}
	return uint16(w[0])<<8 | uint16(w[1])
}

func (ps *prefixSet) add(w string) {
	p := prefixOf(w)
	ps[p/64] |= 1 << (p % 64)
}

func (ps *prefixSet) has(w string) bool {
	p := prefixOf(w)
	return ps[p/64]&(1<<(p%64)) != 0
}

// NewMatcher returns a Matcher of the query words words (as EachWord gives
// them).
func NewMatcher(words ...string) *Matcher {
	m := &Matcher{index: map[string]int{}, exact: map[string]int{}, cache: map[string]string{}}
	for _, w := range words {
		m.Add(w)
	}
	return m
}

// Add adds a query word and returns the index of its stem, the same for
// every word of that stem: len(m.Stems())-1 when the stem is new.
func (m *Matcher) Add(w string) int {
	i := m.AddStem(Stem(w))
	if _, ok := m.exact[w]; !ok {
		m.exact[w] = i
		m.exactPrefixes.add(w)
	}
	return i
}

// AddStem adds a stem no query word has, one the search also looks for
// (an expansion), and returns its index as Add does.
func (m *Matcher) AddStem(stem string) int {
	i, ok := m.index[stem]
	if !ok {
		i = len(m.stems)
		m.index[stem] = i
		m.stems = append(m.stems, stem)
		if len(stem) >= 2 {
			m.prefixes.add(stem)
		}
	}
	return i
}

// Match returns the index of the query stem that the text word w matches,
// or -1, and whether w is a query word itself rather than another form.
// Only words of two or more bytes match by stem: a word and its stem share
// their first two letters, so most words of a text are never stemmed.
func (m *Matcher) Match(w string) (i int, exact bool) {
	if m.exactPrefixes.has(w) {
		if i, ok := m.exact[w]; ok {
			return i, true
		}
	}
	if len(w) < 2 || !m.prefixes.has(w) {
		return -1, false
	}
	stem, ok := m.cache[w]
	if !ok {
		stem = Stem(w)
		m.cache[w] = stem
	}
	if i, ok := m.index[stem]; ok {
		return i, false
	}
	return -1, false
}

// Stems returns the query's stems, by index.
func (m *Matcher) Stems() []string { return m.stems }

// Index returns the index of a stem of the query, or -1.
func (m *Matcher) Index(stem string) int {
	if i, ok := m.index[stem]; ok {
		return i
	}
	return -1
}
