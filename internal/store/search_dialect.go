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

func (sqliteDialect) searchFrom() string {
	return ` FROM papers_fts f JOIN papers p ON p.seq = f.rowid`
}

func (sqliteDialect) matchClause(phrases [][]string, anyWord bool) (string, []any) {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = `"` + strings.Join(p, " ") + `"`
	}
	sep := " "
	if anyWord {
		sep = " OR "
	}
	return `papers_fts MATCH ?`, []any{strings.Join(parts, sep)}
}

// searchOrder puts an exact title match first, then ranks by BM25 with a
// title match worth ten abstract matches and an author match four.
func (sqliteDialect) searchOrder(phrases [][]string, text string, anyWord bool) (string, []any) {
	return `(lower(p.title) = ?) DESC, bm25(papers_fts, 10.0, 1.0, 4.0), p.id`, []any{normalizeTitle(text)}
}

func (postgresDialect) searchFrom() string { return ` FROM papers p` }

func (postgresDialect) matchClause(phrases [][]string, anyWord bool) (string, []any) {
	return `p.search @@ to_tsquery('english', ?)`, []any{tsQuery(phrases, anyWord)}
}

// searchOrder puts an exact title match first, then ranks by ts_rank_cd over
// the weights of the search column (title A, authors B, abstract C).
func (postgresDialect) searchOrder(phrases [][]string, text string, anyWord bool) (string, []any) {
	return `(lower(p.title) = ?) DESC, ts_rank_cd(p.search, to_tsquery('english', ?)) DESC, p.id`,
		[]any{normalizeTitle(text), tsQuery(phrases, anyWord)}
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
