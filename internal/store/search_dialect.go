package store

import (
	"cmp"
	"context"
	"database/sql"
	"slices"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Search is the store's own, the same on both databases (textindex,
// search_index.go, search_own.go): it looks words up in its own index, never
// hands a query language to the database, so no input can be a syntax
// error. What differs between the dialects is below.

// assignsSeqs says whether the store gives new papers their seqs, so that
// indexing them needs no query: SQLite's writer is alone, and a seq is a
// rowid. PostgreSQL's come from a sequence.
func (sqliteDialect) assignsSeqs() bool   { return true }
func (postgresDialect) assignsSeqs() bool { return false }

// titleKeyIndexed says whether exact titles are found by an index on
// title_key. SQLite finds them through the search index instead
// (exactTitleOwnIndex): an index of long random keys made a million-paper
// import 40% slower there.
func (sqliteDialect) titleKeyIndexed() bool   { return false }
func (postgresDialect) titleKeyIndexed() bool { return true }

// arrayParams says whether statements take arrays as parameters, which
// lets a search read a group of segments in one round trip (pageReader).
func (sqliteDialect) arrayParams() bool   { return false }
func (postgresDialect) arrayParams() bool { return true }

// candidate is a search match with the text it is ranked by.
type candidate struct {
	seq                         int64
	id, title, authors, summary string
	published                   sql.NullTime
	upvotes                     int     // its feed entry's, -1 when it has none
	tier                        int     // set by scorer.score: 1 with every word
	score                       float64 // set by scorer.score
}

// scanCandidates reads the rows of a candidate query.
func scanCandidates(rows *sql.Rows, err error) ([]candidate, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidate
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.seq, &c.id, &c.title, &c.authors, &c.summary, &c.published, &c.upvotes); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// rankCandidates returns the ids of the n best candidates: papers with
// every word first (tier), then by the order asked for, then by score
// (see scorer.score), the newest first among equals.
func rankCandidates(cands []candidate, n int, order string) []string {
	slices.SortFunc(cands, func(a, b candidate) int {
		if a.tier != b.tier {
			return cmp.Compare(b.tier, a.tier)
		}
		switch order {
		case SortNewest:
			if c := b.published.Time.Compare(a.published.Time); c != 0 {
				return c
			}
		case SortUpvotes:
			if a.upvotes != b.upvotes {
				return cmp.Compare(b.upvotes, a.upvotes)
			}
		}
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(b.seq, a.seq)
	})
	out := make([]string, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.id)
	}
	return out
}

// papersInOrder loads the papers with ids, in the order of ids, in the
// search's transaction.
func (s *Store) papersInOrder(ctx context.Context, tx *sql.Tx, ids []string) ([]paper.Paper, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ps, err := s.queryPapers(ctx, tx, `SELECT `+prefixed("p.", paperColumns)+` FROM papers p WHERE p.id IN (`+inList(len(ids))+`)`, anySlice(ids)...)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]paper.Paper, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]paper.Paper, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// normalizeTitle is how a typed query is compared with titles for an exact match.
func normalizeTitle(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// dayStart is the start of a YYYY-MM-DD day, in UTC.
func dayStart(day string) (time.Time, bool) {
	t, err := time.Parse(paper.DayLayout, day)
	return t, err == nil
}

// nextDay returns the day after a YYYY-MM-DD day (itself when unparsable;
// the caller validates days).
func nextDay(day string) string {
	if t, ok := dayStart(day); ok {
		return t.AddDate(0, 0, 1).Format(paper.DayLayout)
	}
	return day
}
