package store

import (
	"context"
	"database/sql"
	"fmt"
)

// SetSchemaVersionForTest records a migration this binary does not know, as a
// newer dailypapers would have.
func (s *Store) SetSchemaVersionForTest(ctx context.Context, v int) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')`), v)
	return err
}

// SearchSegmentsForTest counts the search index's segments, and those of
// fewer than mergeTiers[1] papers.
func (s *Store) SearchSegmentsForTest(ctx context.Context) (all, small int, err error) {
	err = s.r.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*), COUNT(*) FILTER (WHERE docs < ?) FROM search_segments`), mergeTiers[1]).Scan(&all, &small)
	return all, small, err
}

// ReindexForTest empties the search index and builds it again from the
// papers, as SQLite's migration 8 does.
func (s *Store) ReindexForTest(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_pages; DELETE FROM search_segments`); err != nil {
			return err
		}
		return s.reindexAll(ctx, tx)
	})
}

// MigrateToForTest applies the migrations up to version v only, as an older
// dailypapers would have.
func (s *Store) MigrateToForTest(ctx context.Context, v int) error {
	all, err := s.migrations()
	if err != nil {
		return err
	}
	var ms []migration
	for _, m := range all {
		if m.version <= v {
			ms = append(ms, m)
		}
	}
	for {
		done, err := s.migrateOne(ctx, ms)
		if err != nil || done {
			return err
		}
	}
}

// MaxCachedStmts is the statement cache's bound.
const MaxCachedStmts = maxCachedStmts

// CachedStatements is how many statements s keeps prepared.
func CachedStatements(s *Store) int {
	s.stmts.mu.Lock()
	defer s.stmts.mu.Unlock()
	return len(s.stmts.m)
}

// CachedCount runs a statement through the statement cache, prepared
// before a read transaction and run in it: of the numbers 0 to 9,999, those
// in list, with a column tag that makes each tag's statement its own. It
// returns how many rows came.
func CachedCount(ctx context.Context, s *Store, tag int, list []int64) (int, error) {
	param, err := listParam(s.d, list)
	if err != nil {
		return 0, err
	}
	q := s.d.rebind(fmt.Sprintf(`WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x+1 FROM n WHERE x < 9999)
		SELECT x, %d FROM n WHERE x `, tag) + s.d.inParam("bigint"))
	if _, err := s.stmts.prepare(ctx, s.r, q); err != nil {
		return 0, err
	}
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rows, err := s.stmts.queryTx(ctx, tx, q, param)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		n++
	}
	return n, rows.Err()
}

// MigrationsForTest counts the migrations this binary knows, which is less
// than the latest number while a branch's migration waits for the numbers
// before it.
func (s *Store) MigrationsForTest() int {
	ms, _ := s.migrations()
	return len(ms)
}
