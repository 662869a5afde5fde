package store

import (
	"strings"
	"time"
)

// The search seam: SQLite uses an FTS5 table, PostgreSQL a weighted
// tsvector column. Both receive only words of letters and digits (see
// parseQuery), so no input can be a syntax error.

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
