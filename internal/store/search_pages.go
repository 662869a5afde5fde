package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// pageReader reads, in each of some segments, the page that would hold a
// term: the last whose first word is not after it. One statement reads a
// group of segments, passed as one parameter (a PostgreSQL array, a JSON
// array that SQLite's json_each reads) so that its text, prepared once a
// search, stays the same: a statement a segment cost SQLite 20 µs each in
// database/sql, and PostgreSQL a round trip each.
type pageReader struct {
	stmt *sql.Stmt
	json bool // the segments go as JSON text
}

// pagesSQL reads the page that would hold a term in each of a list of
// segments.
func (s *Store) pagesSQL() string {
	if s.d.arrayParams() {
		return `SELECT g, (SELECT data FROM search_pages WHERE segment = g AND first_term <= $1 ORDER BY first_term DESC LIMIT 1)
			FROM unnest($2::bigint[]) AS g`
	}
	return `SELECT g.value, (SELECT data FROM search_pages WHERE segment = g.value AND first_term <= ? ORDER BY first_term DESC LIMIT 1)
		FROM json_each(?) AS g`
}

func (s *Store) newPageReader(ctx context.Context, tx *sql.Tx) (*pageReader, error) {
	stmt, err := s.stmts.inTx(ctx, tx, s.pagesSQL())
	if err != nil {
		return nil, fmt.Errorf("search pages: %w", err)
	}
	return &pageReader{stmt: stmt, json: !s.d.arrayParams()}, nil
}

func (pr *pageReader) close() { pr.stmt.Close() }

// pages returns the pages found, by segment.
func (pr *pageReader) pages(ctx context.Context, segments []int64, term string) (map[int64][]byte, error) {
	out := make(map[int64][]byte, len(segments))
	if len(segments) == 0 {
		return out, nil
	}
	var arg any = segments
	if pr.json {
		b, err := json.Marshal(segments)
		if err != nil {
			return nil, err
		}
		arg = string(b)
	}
	rows, err := pr.stmt.QueryContext(ctx, term, arg)
	if err != nil {
		return nil, fmt.Errorf("search pages: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var seg int64
		var data []byte
		if err := rows.Scan(&seg, &data); err != nil {
			return nil, fmt.Errorf("search pages: %w", err)
		}
		out[seg] = data
	}
	return out, rows.Err()
}

// beginSearch starts a search's read transaction, in which it lists the
// segments and prepares the page reader: the snapshot the engine reads
// (searchSource). One transaction: SQLite would otherwise take and release
// its read lock for every page read, a tenth of a search's time. It is a
// snapshot (SQLite's read transactions always are; PostgreSQL's need
// REPEATABLE READ): a merge committed between listing the segments and
// reading their pages would otherwise hide their papers from that search.
// The caller closes it.
func (s *Store) beginSearch(ctx context.Context, filters string, fargs []any) (*searchSource, error) {
	// The statements a search runs are prepared before its transaction
	// holds a connection (stmtCache).
	for _, q := range []string{s.pagesSQL(), s.candidatesSQL(filters), s.papersSQL()} {
		if _, err := s.stmts.prepare(ctx, s.r, q); err != nil {
			return nil, err
		}
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true})
	if err != nil {
		return nil, err
	}
	segments, err := s.segments.list(ctx, tx, s.d.rebind)
	if err == nil {
		var pr *pageReader
		if pr, err = s.newPageReader(ctx, tx); err == nil {
			return &searchSource{s: s, tx: tx, segments: segments, pr: pr, filters: filters, fargs: fargs}, nil
		}
	}
	tx.Rollback()
	return nil, err
}
