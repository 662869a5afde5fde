package search

// CountedWords returns the words of text, as written, that the scorer
// counts for the query typed: those whose stem is scored.
func CountedWords(query, text string) []string {
	q := Parse(query)
	sc := newScorer(&q, nil)
	sc.split(0, text)
	var out []string
	i := 0
	EachWordAt(text, func(start, end int, _ string) {
		if id := sc.ids[0][i]; id >= 0 && id < sc.scored {
			out = append(out, text[start:end])
		}
		i++
	})
	return out
}
