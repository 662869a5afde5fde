package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// The search seam: SQLite uses an FTS5 table, PostgreSQL a weighted
// tsvector column. Both receive only words of letters and digits (see
// parseQuery), so no input can be a syntax error.

// index keeps the FTS5 table in step with papers. It is done here, a batch
// at a time, rather than by triggers: a trigger fires inside each INSERT's
// statement savepoint, and FTS5 writes its pending terms to disk at every
// savepoint, which made a bulk import three times slower. Deleting papers
// (rare) is still a trigger.
func (sqliteDialect) index(ctx context.Context, tx *sql.Tx, old map[string]*paper.Paper, written []paper.Paper) error {
	var ids []string
	for _, p := range written {
		prev := old[p.ID]
		if prev != nil && prev.Title == p.Title && prev.Abstract == p.Abstract && authorsText(prev.Authors) == authorsText(p.Authors) {
			continue // the indexed text is unchanged
		}
		if prev != nil {
			// An external-content FTS5 table forgets a row given exactly the
			// values it indexed, which are the stored ones.
			_, err := tx.ExecContext(ctx, `INSERT INTO papers_fts (papers_fts, rowid, title, abstract, authors)
				SELECT 'delete', seq, ?, ?, ? FROM papers WHERE id = ?`, prev.Title, prev.Abstract, authorsText(prev.Authors), p.ID)
			if err != nil {
				return fmt.Errorf("unindex %s: %w", p.ID, err)
			}
		}
		ids = append(ids, p.ID)
	}
	return forChunks(ids, 1000, func(chunk []string) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO papers_fts (rowid, title, abstract, authors)
			SELECT seq, title, abstract, authors_text FROM papers WHERE id IN (`+inList(len(chunk))+`)`, anySlice(chunk)...)
		if err != nil {
			return fmt.Errorf("index papers: %w", err)
		}
		return nil
	})
}

// index has nothing to do on PostgreSQL: the search column is generated.
func (postgresDialect) index(context.Context, *sql.Tx, map[string]*paper.Paper, []paper.Paper) error {
	return nil
}

// searchCandidates is how many of the newest matches are ranked by
// relevance: a rank costs about ten microseconds a row on SQLite here, and a
// row read from disk on PostgreSQL.
const searchCandidates = 200

// sqliteWindows are how many of the newest papers SQLite searches, in turn,
// before the whole collection, until one holds enough matches.
var sqliteWindows = []int64{5000, 100000}

// searchWindows returns the windows of newest papers to search in turn, the
// last one all maxSeq of them. SQLite's are fixed: reading an FTS5 posting
// list forwards from a row is cheap whatever the window. On PostgreSQL every
// match in a window, or every row of one walked in seq order, is a heap row
// read, so the first window is the one the planner expects to hold n
// matches (a window too large for a word common in recent papers read
// thousands of rows: a second), growing eightfold while too few match.
func searchWindows(dialect string, expected float64, maxSeq int64, n int) []int64 {
	if dialect != "postgres" {
		return append(slices.Clone(sqliteWindows), maxSeq)
	}
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
// the newest matches: it searches a window of the newest papers, widening
// it while it holds too few matches, and ranks at most searchCandidates of
// them here (rankCandidates), the same way on both databases. Neither
// database's own ranking is used: BM25's inverse document frequency makes
// FTS5 count a word's matches over the whole table (30 ms for a word in
// every abstract), and ts_rank_cd reads and decompresses each candidate's
// tsvector.
func (s *Store) searchRanked(ctx context.Context, phrases [][]string, anyWord bool, filters string, fargs []any, n int) ([]paper.Paper, error) {
	var maxSeq int64
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM papers`).Scan(&maxSeq); err != nil {
		return nil, err
	}
	var expected float64 // matches the PostgreSQL planner expects
	if s.d.name() == "postgres" {
		var err error
		if expected, err = s.expectedMatchesPostgres(ctx, tsQuery(phrases, anyWord)); err != nil {
			return nil, err
		}
	}
	windows := searchWindows(s.d.name(), expected, maxSeq, n)
	terms := flatten(phrases)
	for _, window := range windows {
		from := max(maxSeq-window, 0)
		var cands []candidate
		var err error
		if s.d.name() == "postgres" {
			// Walk only a short window the planner expects to hold twice
			// what is needed: its guess for a word it has no statistics on
			// is a common word's, and walking every paper for a word nobody
			// used took 4 s.
			dense := window <= maxPostgresWalk && expected*float64(window)/float64(max(maxSeq, 1)) >= float64(2*n)
			cands, err = s.searchCandidatesPostgres(ctx, tsQuery(phrases, anyWord), from, dense, window <= maxFirstPostgresWindow, filters, fargs)
		} else {
			cands, err = s.searchCandidatesSQLite(ctx, ftsQuery(phrases, anyWord), from, filters, fargs)
		}
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

func (s *Store) searchCandidatesSQLite(ctx context.Context, match string, fromSeq int64, filters string, fargs []any) ([]candidate, error) {
	q := `SELECT p.seq, p.id, p.title, p.authors_text, p.abstract FROM (
		SELECT rowid AS r FROM papers_fts WHERE papers_fts MATCH ? AND rowid > ? ORDER BY rowid LIMIT ` + fmt.Sprint(searchCandidates) + `) c
		JOIN papers p ON p.seq = c.r WHERE 1 = 1` + filters
	return scanCandidates(s.r.QueryContext(ctx, q, append([]any{match, fromSeq}, fargs...)...))
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
	want := make(map[string]int, len(terms)) // term -> its bit
	for _, w := range terms {
		if _, ok := want[w]; !ok && len(want) < 64 {
			want[w] = len(want)
		}
	}
	ss := make([]scored, len(cands))
	for i, c := range cands {
		score := 10*bits.OnesCount64(wordsFound(c.title, want)) +
			4*bits.OnesCount64(wordsFound(c.authors, want)) +
			bits.OnesCount64(wordsFound(c.summary, want))
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

// wordsFound returns, as bits, which of the wanted words text holds; the
// words of text are split and lower-cased as queries are, without building
// a set of them (an abstract has a few hundred).
func wordsFound(text string, want map[string]int) uint64 {
	var found uint64
	start := -1
	for i, r := range text + " " {
		if unicode.IsLetter(r) || unicode.IsNumber(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			if bit, ok := want[strings.ToLower(text[start:i])]; ok {
				found |= 1 << bit
			}
			start = -1
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

// ftsQuery writes phrases as an FTS5 query: each phrase quoted (its words
// are letters and digits only), all required, or any with anyWord.
func ftsQuery(phrases [][]string, anyWord bool) string {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = `"` + strings.Join(p, " ") + `"`
	}
	if anyWord {
		return strings.Join(parts, " OR ")
	}
	return strings.Join(parts, " ")
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
