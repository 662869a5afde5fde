package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

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
const searchCandidates = 500

// searchRanked returns up to n papers matching phrases, by relevance. The
// seam between the databases: SQLite ranks with BM25 over its FTS5 table,
// PostgreSQL with ts_rank_cd over the weighted tsvector column.
func (s *Store) searchRanked(ctx context.Context, phrases [][]string, anyWord bool, filters string, fargs []any, n int) ([]paper.Paper, error) {
	if s.d.name() == "postgres" {
		return s.searchRankedPostgres(ctx, phrases, anyWord, filters, fargs, n)
	}
	// FTS5 walks matches newest first (descending rowid) and stops at the
	// candidate limit, computing BM25 as it goes; a title match weighs ten
	// abstract matches, an author match four.
	q := `SELECT ` + prefixed("p.", paperColumns) + ` FROM (
		SELECT rowid AS r, bm25(papers_fts, 10.0, 1.0, 4.0) AS score FROM papers_fts
		WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ` + fmt.Sprint(searchCandidates) + `) c
		JOIN papers p ON p.seq = c.r WHERE 1 = 1` + filters + fmt.Sprintf(` ORDER BY c.score, p.id LIMIT %d`, n)
	return s.queryPapers(ctx, q, append([]any{ftsQuery(phrases, anyWord)}, fargs...)...)
}

// searchRankedPostgres ranks the newest matching papers, as SQLite does.
// The planner picks the way to find them from the statistics: for a common
// word it walks the seq index backwards and stops at the candidate limit;
// for a rare one it takes the few matches from the GIN index and sorts them.
func (s *Store) searchRankedPostgres(ctx context.Context, phrases [][]string, anyWord bool, filters string, fargs []any, n int) ([]paper.Paper, error) {
	tsq := tsQuery(phrases, anyWord)
	q := `SELECT ` + prefixed("c.", paperColumns) + ` FROM (
		SELECT * FROM papers p WHERE p.search @@ to_tsquery('english', ?)` + filters +
		fmt.Sprintf(` ORDER BY p.seq DESC LIMIT %d) c`, searchCandidates) +
		fmt.Sprintf(` ORDER BY ts_rank_cd(c.search, to_tsquery('english', ?)) DESC, c.id LIMIT %d`, n)
	args := append(append([]any{tsq}, fargs...), tsq)
	return s.queryPapers(ctx, q, args...)
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
