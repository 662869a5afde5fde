package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Checkpoint is where an OAI-PMH harvest of one set and metadata format
// stands: the resumption token of the next page while a list is being read,
// and the date the next incremental harvest starts from once it is done.
type Checkpoint struct {
	Key             string
	Set             string
	MetadataPrefix  string
	From            string
	Until           string
	ResumptionToken string
	NextFrom        string
	ListStarted     string
	Records         int
	Pages           int
	UpdatedAt       time.Time
}

// LoadCheckpoint returns the checkpoint under key, or an error wrapping
// paper.ErrNotFound when no harvest has run.
func (s *Store) LoadCheckpoint(ctx context.Context, key string) (Checkpoint, error) {
	c := Checkpoint{Key: key}
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT set_spec, metadata_prefix, from_date, until_date,
		resumption_token, next_from, list_started, records, pages, updated_at FROM harvest_checkpoints WHERE key = ?`), key).
		Scan(&c.Set, &c.MetadataPrefix, &c.From, &c.Until, &c.ResumptionToken, &c.NextFrom, &c.ListStarted, &c.Records, &c.Pages, &c.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return c, fmt.Errorf("LoadCheckpoint(%q): %w", key, paper.ErrNotFound)
	}
	if err != nil {
		return c, fmt.Errorf("LoadCheckpoint(%q): %w", key, err)
	}
	return c, nil
}

// SaveCheckpoint stores the checkpoint, replacing the one under its key.
func (s *Store) SaveCheckpoint(ctx context.Context, c Checkpoint) error {
	if c.UpdatedAt.IsZero() {
		c.UpdatedAt = s.now()
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO harvest_checkpoints (key, set_spec, metadata_prefix,
			from_date, until_date, resumption_token, next_from, list_started, records, pages, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET set_spec = excluded.set_spec, metadata_prefix = excluded.metadata_prefix,
			from_date = excluded.from_date, until_date = excluded.until_date, resumption_token = excluded.resumption_token,
			next_from = excluded.next_from, list_started = excluded.list_started, records = excluded.records, pages = excluded.pages, updated_at = excluded.updated_at`),
			c.Key, c.Set, c.MetadataPrefix, c.From, c.Until, c.ResumptionToken, c.NextFrom, c.ListStarted, c.Records, c.Pages, c.UpdatedAt.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("SaveCheckpoint(%q): %w", c.Key, err)
	}
	return nil
}
