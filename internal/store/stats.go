package store

import (
	"context"
	"fmt"
)

// Stats counts what the store holds.
type Stats struct {
	Papers       int    `json:"papers"`
	DailyEntries int    `json:"daily_entries"`
	Users        int    `json:"users"`
	Days         int    `json:"days"`
	FirstDay     string `json:"first_day,omitempty"`
	LastDay      string `json:"last_day,omitempty"`
	Database     string `json:"database"`
	Schema       int    `json:"schema_version"`
}

// Stats counts papers, entries, users and feed days.
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	st := Stats{Database: s.d.name()}
	err := s.r.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM papers),
		(SELECT COUNT(*) FROM daily_entries),
		(SELECT COUNT(*) FROM users) + (SELECT COUNT(*) FROM hf_users),
		(SELECT COUNT(DISTINCT day) FROM daily_entries),
		(SELECT COALESCE(MIN(day), '') FROM daily_entries),
		(SELECT COALESCE(MAX(day), '') FROM daily_entries),
		(SELECT COALESCE(MAX(version), 0) FROM schema_migrations)`).
		Scan(&st.Papers, &st.DailyEntries, &st.Users, &st.Days, &st.FirstDay, &st.LastDay, &st.Schema)
	if err != nil {
		return st, fmt.Errorf("Stats: %w", err)
	}
	return st, nil
}
