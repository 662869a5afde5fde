package search

import (
	"context"
	"time"
)

// Source is what a search reads, the storage side of the engine: the
// index's segments and pages, and the text of the papers it ranks, all
// from one snapshot. The store implements it on SQLite and PostgreSQL
// alike, and holds all of the SQL; the engine never sees a database.
type Source interface {
	// Segments lists the index's segments, the newest papers first.
	Segments() []Segment
	// Pages returns, for each of the segments ids that has one, the page
	// that would hold term: the last whose first word is not after it.
	Pages(ctx context.Context, segments []int64, term string) (map[int64][]byte, error)
	// Candidates returns those of the papers seqs that exist and pass the
	// search's filters (dates, categories, an excluded paper), with their
	// text, in any order.
	Candidates(ctx context.Context, seqs []int64) ([]Candidate, error)
	// Abbreviations returns the stored pairs (abbreviations the papers
	// define, and how many papers do) whose Short is one of shorts or whose
	// Long is one of longs.
	Abbreviations(ctx context.Context, shorts, longs []string) ([]Pair, error)
}

// Segment is one of the index's segments as a search sees it.
type Segment struct {
	ID    int64
	Docs  int // papers indexed in it
	Bloom Bloom
}

// Candidate is a paper a search may return, with the text it is ranked by.
type Candidate struct {
	Seq                         int64
	ID, Title, Authors, Summary string
	Published                   time.Time // zero when unknown
	Upvotes                     int       // its feed entry's, -1 when it has none
	tier                        int       // set by scorer.score: 1 with every word
	score                       float64   // set by scorer.score
}

// The orders of search results.
const (
	SortRelevance = "relevance"
	SortNewest    = "newest"
	SortUpvotes   = "upvotes"
)

// Options say what Rank returns: the N best papers in Order (SortRelevance, SortNewest
// or SortUpvotes), and with Count how many
// matched, counted to MaxCounted; without it Total counts only the
// candidates read to rank the N, a lower bound when more were left.
type Options struct {
	Order string
	N     int
	Count bool
	// Unfiltered says the Source applies no filter (dates, categories, an
	// excluded paper): with a plain query every paper in the postings
	// matches, so Count counts the postings instead of reading every
	// candidate's text, which cost 40 times a page's reading at 100,000
	// papers.
	Unfiltered bool
	// Cache, when set, keeps the postings read for later searches.
	Cache *PostingsCache
	// Scratch, when set, lends the search memory other searches used.
	Scratch *Scratch
}

// MaxCounted is the most matches Rank counts: past it Total is a lower
// bound.
const MaxCounted = maxExamined

// Result is what Rank found: the best papers, best first, and how many
// matched in all.
type Result struct {
	IDs []string
	// Total is how many papers matched: those that pass the filters and
	// have a word of the query (and every phrase it requires, none it
	// excludes). TotalIsLowerBound says the engine stopped counting at one
	// of its caps, so that more may match.
	Total             int
	TotalIsLowerBound bool
	// Also is what the search also looked for: abbreviations the papers
	// define, for a long form typed, and long forms for an abbreviation.
	Also []Expansion
}
