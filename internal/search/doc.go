// Package search is the project's own search engine, the same on SQLite
// and PostgreSQL: its API is a query (Parse) and the ranked papers (Rank),
// over the Source interface the store implements for both databases. The
// engine holds no SQL, and the store none of the rules by which words are
// found, matched and ranked.
//
// A query flows through it in six steps:
//
//   - parse: Parse reads what a reader typed (query.go): words, "phrases",
//     -word, OR, au:/ti:/abs:, and the filters cat: and year:, which the
//     store applies in SQL (query_parts.go). It is never a syntax error. A
//     query that is an arXiv id or URL (ArxivID) is that paper.
//   - stems: each word is folded and stemmed (words.go, stem.go), and a
//     Matcher (match.go) keeps the rule by which a word of a paper matches a
//     word of the query, the rule the highlighter marks words by too.
//   - postings: each stem's postings are read from the index's segments
//     (Source.Segments, Source.Pages), skipping those whose Bloom filter
//     lacks it (bloom.go), and decoded (postings.go), the newest first and
//     at most a cap a term.
//   - candidates: the postings add up into the most promising papers, the
//     rarest stems weighing most (engine.go), and the store returns those
//     passing the filters with their text (Source.Candidates).
//   - score: each candidate is checked against the phrases the query
//     requires or excludes and scored by BM25F over title, authors and
//     abstract (score.go); the candidates it accepts are the matches, which
//     Rank counts.
//   - order: papers with every word first, then by relevance, date or
//     votes (rank.go).
//
// The index is written by the store's imports through Builder and
// PageWriter (postings.go): the words are found in Go, on the importer's
// parsing goroutine, and a batch of 5,000 papers becomes about fifty rows.
// It replaced SQLite's FTS5, whose indexing took three fifths of a bulk
// import's time, and PostgreSQL's tsvector.
package search
