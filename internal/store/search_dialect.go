package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/bits"
	"sort"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/textindex"
)

// The search seam: on SQLite the store keeps its own index (textindex,
// search_index.go, search_own.go), on PostgreSQL a weighted tsvector column
// does. Both receive only words of letters and digits (see parseQuery), so
// no input can be a syntax error.

// ownSearchIndex says whether the store writes the search index itself
// (search_index.go) rather than the database keeping it.
func (sqliteDialect) ownSearchIndex() bool { return true }

// ownSearchIndex is false on PostgreSQL: the search column is generated.
func (postgresDialect) ownSearchIndex() bool { return false }

// searchCandidates is how many of the newest matches are ranked by
// relevance: a rank costs about ten microseconds a row on SQLite here, and a
// row read from disk on PostgreSQL.
const searchCandidates = 200

// searchWindows returns the windows of newest papers PostgreSQL searches in
// turn, the last one all maxSeq of them. Every match in a window, or every
// row of one walked in seq order, is a heap row read, so the first window
// is the one the planner expects to hold n
// matches (a window too large for a word common in recent papers read
// thousands of rows: a second), growing eightfold while too few match.
func searchWindows(expected float64, maxSeq int64, n int) []int64 {
	w := maxSeq
	if expected > 0 {
		w = int64(float64(n) * float64(maxSeq) / expected)
	}
	var windows []int64
	// The planner takes words as independent, and words that go together
	// ("black hole") match far more papers than it expects: the first
	// window stays small enough that a wrong guess costs little.
	for w = min(max(w, minPostgresWindow), maxFirstPostgresWindow); w < maxSeq; w *= 8 {
		windows = append(windows, w)
	}
	return append(windows, maxSeq)
}

// minPostgresWindow is the smallest PostgreSQL search window: walking 1,000
// rows checking each tsvector takes about 12 ms here.
const minPostgresWindow = 1000

// maxPostgresWalk is the largest window searched by walking it (about 100 ms).
const maxPostgresWalk = 8000

// maxFirstPostgresWindow bounds the first PostgreSQL search window.
const maxFirstPostgresWindow = 50000

// searchRanked returns up to n papers matching phrases, by relevance, among
// the newest matches, ranking at most searchCandidates of them here
// (rankCandidates), the same way on both databases. Neither database's own
// ranking is used: BM25's inverse document frequency made SQLite's FTS5
// (the index before this one) count a word's matches over the whole table
// (30 ms for a word in every abstract), and ts_rank_cd reads and
// decompresses each candidate's tsvector.
//
// SQLite reads its own index newest segment first (searchOwnIndex).
// PostgreSQL searches a window of the newest papers, widening it while it
// holds too few matches.
func (s *Store) searchRanked(ctx context.Context, phrases [][]string, anyWord bool, filters string, fargs []any, n int) ([]paper.Paper, error) {
	if s.d.ownSearchIndex() {
		return s.searchOwnIndex(ctx, phrases, anyWord, filters, fargs, n)
	}
	var maxSeq int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM papers`).Scan(&maxSeq); err != nil {
		return nil, err
	}
	tsq := tsQuery(phrases, anyWord)
	expected, err := s.expectedMatchesPostgres(ctx, tsq) // matches the planner expects
	if err != nil {
		return nil, err
	}
	terms := flatten(phrases)
	for _, window := range searchWindows(expected, maxSeq, n) {
		from := max(maxSeq-window, 0)
		// Walk only a short window the planner expects to hold twice what
		// is needed: its guess for a word it has no statistics on is a
		// common word's, and walking every paper for a word nobody used
		// took 4 s.
		dense := window <= maxPostgresWalk && expected*float64(window)/float64(max(maxSeq, 1)) >= float64(2*n)
		cands, err := s.searchCandidatesPostgres(ctx, tsq, from, dense, window <= maxFirstPostgresWindow, filters, fargs)
		if err != nil {
			return nil, err
		}
		if len(cands) >= n || from == 0 {
			return s.papersInOrder(ctx, rankCandidates(cands, terms, n))
		}
	}
	return nil, nil
}

// candidate is a search match with the text it is ranked by.
type candidate struct {
	seq                         int64
	id, title, authors, summary string
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
		if err := rows.Scan(&c.seq, &c.id, &c.title, &c.authors, &c.summary); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// rankCandidates scores each candidate by where the query's words occur
// (title 10, authors 4, abstract 1 per word), newest first among equals,
// and returns the ids of the best n.
func rankCandidates(cands []candidate, terms []string, n int) []string {
	type scored struct {
		seq   int64
		id    string
		score int
	}
	want := make(map[string]int, len(terms)) // folded term -> its bit
	for _, w := range textindex.AppendWords(nil, strings.Join(terms, " ")) {
		if _, ok := want[w]; !ok && len(want) < 64 {
			want[w] = len(want)
		}
	}
	var scratch []string
	ss := make([]scored, len(cands))
	for i, c := range cands {
		score := 10*bits.OnesCount64(wordsFound(c.title, want, &scratch)) +
			4*bits.OnesCount64(wordsFound(c.authors, want, &scratch)) +
			bits.OnesCount64(wordsFound(c.summary, want, &scratch))
		ss[i] = scored{c.seq, c.id, score}
	}
	sort.Slice(ss, func(i, j int) bool {
		if ss[i].score != ss[j].score {
			return ss[i].score > ss[j].score
		}
		return ss[i].seq > ss[j].seq
	})
	out := make([]string, 0, min(n, len(ss)))
	for _, s := range ss[:min(n, len(ss))] {
		out = append(out, s.id)
	}
	return out
}

// wordsFound returns, as bits, which of the wanted words text holds, its
// words split and folded as the search index's are.
func wordsFound(text string, want map[string]int, scratch *[]string) uint64 {
	var found uint64
	*scratch = textindex.AppendWords((*scratch)[:0], text)
	for _, w := range *scratch {
		if bit, ok := want[w]; ok {
			found |= 1 << bit
		}
	}
	return found
}

// papersInOrder loads the papers with ids, in the order of ids.
func (s *Store) papersInOrder(ctx context.Context, ids []string) ([]paper.Paper, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	ps, err := s.queryPapers(ctx, `SELECT `+prefixed("p.", paperColumns)+` FROM papers p WHERE p.id IN (`+inList(len(ids))+`)`, anySlice(ids)...)
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

// searchCandidatesPostgres returns up to searchCandidates of the newest
// papers after fromSeq that match tsq. The plan is chosen here, not by the
// planner, which misjudged both ways: dense matches are found by walking the
// seq index backwards, which stops at the first searchCandidates; sparse ones
// are taken from the GIN index (ordered by seq + 0, which no index provides,
// so the planner cannot walk), which for a word nobody used is a few
// milliseconds instead of a walk over every paper. The GIN index holds seq
// too (migration 4), and narrow asks it for the window's matches only,
// which costs about 0.4 ms per thousand papers of window: for a wide window
// the words' matches are taken whole and filtered by seq instead.
func (s *Store) searchCandidatesPostgres(ctx context.Context, tsq string, fromSeq int64, dense, narrow bool, filters string, fargs []any) ([]candidate, error) {
	order, after := "p.seq + 0 DESC", "p.seq + 0 > ?"
	if dense {
		order = "p.seq DESC"
	}
	if dense || narrow {
		after = "p.seq > ?"
	}
	q := `SELECT p.seq, p.id, p.title, p.authors_text, p.abstract FROM papers p
		WHERE p.search @@ to_tsquery('english', ?) AND ` + after + filters +
		` ORDER BY ` + order + ` LIMIT ` + fmt.Sprint(searchCandidates)
	return scanCandidates(s.r.QueryContext(ctx, s.d.rebind(q), append([]any{tsq, fromSeq}, fargs...)...))
}

// expectedMatchesPostgres asks the planner how many papers it expects to
// match tsq. The query is spelled out as a literal (quoted by quote_literal
// in the database, never by hand), because given a parameter the planner
// does not use its word statistics.
func (s *Store) expectedMatchesPostgres(ctx context.Context, tsq string) (float64, error) {
	var literal string
	if err := s.r.QueryRowContext(ctx, `SELECT quote_literal($1::text)`, tsq).Scan(&literal); err != nil {
		return 0, fmt.Errorf("quote search: %w", err)
	}
	var plan string
	err := s.r.QueryRowContext(ctx, `EXPLAIN (FORMAT JSON) SELECT 1 FROM papers WHERE search @@ to_tsquery('english', `+literal+`)`).Scan(&plan)
	if err != nil {
		return 0, fmt.Errorf("estimate search: %w", err)
	}
	var parsed []struct {
		Plan struct {
			Rows float64 `json:"Plan Rows"`
		} `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(plan), &parsed); err != nil || len(parsed) == 0 {
		return 0, fmt.Errorf("estimate search: %s: %w", plan, err)
	}
	return parsed[0].Plan.Rows, nil
}

// tsQuery writes phrases as a tsquery: words ANDed (ORed with anyWord), a
// phrase's words adjacent.
func tsQuery(phrases [][]string, anyWord bool) string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		quoted := make([]string, len(p))
		for j, w := range p {
			quoted[j] = "'" + w + "'"
		}
		parts[i] = "(" + strings.Join(quoted, " <-> ") + ")"
	}
	if anyWord {
		return strings.Join(parts, " | ")
	}
	return strings.Join(parts, " & ")
}

// normalizeTitle is how a typed query is compared with titles for an exact match.
func normalizeTitle(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// nextDay returns the day after a YYYY-MM-DD day (itself when unparsable;
// the caller validates days).
func nextDay(day string) string {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, 1).Format("2006-01-02")
}
