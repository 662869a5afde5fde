package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// DataVersion is a number that changes whenever any process commits a change
// to papers, entries or users: caches compare it to know they are fresh.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	var v int64
	if err := s.r.QueryRowContext(ctx, `SELECT SUM(version) FROM data_versions`).Scan(&v); err != nil {
		return 0, fmt.Errorf("DataVersion: %w", err)
	}
	return v, nil
}

// DataChanged is when data last changed (second precision); zero for a
// database nothing has been written to since it had this record.
func (s *Store) DataChanged(ctx context.Context) (time.Time, error) {
	var unix int64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(changed_unix) FROM data_versions`).Scan(&unix); err != nil {
		return time.Time{}, fmt.Errorf("DataChanged: %w", err)
	}
	if unix == 0 {
		return time.Time{}, nil
	}
	return time.Unix(unix, 0).UTC(), nil
}

// versionShards is how many rows the data version is spread over.
const versionShards = 16

// bumpVersion marks, inside a write transaction, that data changed.
func (s *Store) bumpVersion(ctx context.Context, tx *sql.Tx) error {
	// One of the 16 rows at random (see migration 7): writers that touch
	// different rows do not wait for each other's commit.
	_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE data_versions SET version = version + 1, changed_unix = ? WHERE shard = ?`),
		s.now().Unix(), rand.IntN(versionShards))
	if err != nil {
		return fmt.Errorf("bump data version: %w", err)
	}
	return nil
}

// Optimize refreshes the query planner's statistics after a large import,
// so that it plans with the table's real size (ANALYZE on PostgreSQL, where
// autovacuum may not have run yet; PRAGMA optimize on SQLite).
func (s *Store) Optimize(ctx context.Context) error {
	q := `ANALYZE`
	if s.d.name() == "sqlite" {
		q = `PRAGMA optimize`
	}
	if _, err := s.w.ExecContext(ctx, q); err != nil {
		return fmt.Errorf("Optimize: %w", err)
	}
	return nil
}
