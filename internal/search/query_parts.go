package search

import (
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
)

// What the store reads of a parsed query to build its filters and choose
// its path: the filters typed in the text are applied in SQL, with those
// of the search form.

// HasWords says whether the query has words to rank by: without them it is
// only filters, or nothing.
func (q *Query) HasWords() bool { return len(q.groups) > 0 }

// Excludes says whether the query excludes words or phrases (-word).
func (q *Query) Excludes() bool { return len(q.mustNot) > 0 }

// Plain says no operator was used, so the text may be a whole title.
func (q *Query) Plain() bool { return q.plain }

// Categories are the categories typed (cat:), any of which a paper must
// have.
func (q *Query) Categories() []string { return q.cats }

// Days returns the first and last publication days a paper may have,
// inclusive (YYYY-MM-DD; "" is unbounded): the narrower of from and to
// and of the years typed (year:).
func (q *Query) Days(from, to string) (string, string) {
	return laterDay(from, q.from), earlierDay(to, q.to)
}

// ArxivID returns the canonical arXiv id when the whole text typed is an
// arXiv id or URL, in any form package arxivid parses: such a query finds
// that paper rather than words.
func ArxivID(text string) (string, bool) {
	id, err := arxivid.Canonical(strings.TrimSpace(text))
	return id, err == nil
}
