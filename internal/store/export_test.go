package store

import "context"

// SetSchemaVersionForTest records a migration this binary does not know, as a
// newer dailypapers would have.
func (s *Store) SetSchemaVersionForTest(ctx context.Context, v int) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, 'future', '')`), v)
	return err
}
