package store

import (
	"context"
	"fmt"
)

// IntegrityCheck asks SQLite to verify the database file and returns "ok"
// when it is sound; PostgreSQL, which checks its own pages, always says "ok".
func (s *Store) IntegrityCheck(ctx context.Context) (string, error) {
	if s.d.name() != "sqlite" {
		return "ok", nil
	}
	var msg string
	if err := s.w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&msg); err != nil {
		return "", fmt.Errorf("integrity check: %w", err)
	}
	return msg, nil
}
