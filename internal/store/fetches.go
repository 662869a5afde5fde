package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// States of a paper fetch.
const (
	FetchFetching = "fetching"
	FetchDone     = "done"
	FetchFailed   = "failed"
)

// Fetch is the submission of a paper new to the site, waiting for its
// metadata from arXiv (see migration 19).
type Fetch struct {
	PaperID   string
	Submitter int64
	Day       string // the feed day the submission goes on
	State     string // FetchFetching, FetchDone or FetchFailed
	Error     string // why it failed, for the submitter
	Attempts  int
	Created   time.Time
	Updated   time.Time
}

// TooManyFetches is the refusal of a fetch over the per-person bound.
type TooManyFetches struct{ Max int }

func (e *TooManyFetches) Error() string {
	return fmt.Sprintf("%d of your submissions are being fetched from arXiv already", e.Max)
}

const fetchColumns = `paper_id, submitter_id, day, state, error, attempts, created_at, updated_at`

func scanFetch(row interface{ Scan(...any) error }) (Fetch, error) {
	var f Fetch
	err := row.Scan(&f.PaperID, &f.Submitter, &f.Day, &f.State, &f.Error, &f.Attempts, &f.Created, &f.Updated)
	return f, err
}

// QueueFetch records a submission whose paper is to be fetched, unless one
// of the paper is queued already: then it returns that one, unchanged (a
// paper is fetched once, for whoever asked first). A failed fetch is queued
// again for the new submission. A submitter with max fetches in flight gets
// *TooManyFetches; max 0: no bound.
func (s *Store) QueueFetch(ctx context.Context, f Fetch, max int) (Fetch, error) {
	now := s.now().UTC().Truncate(time.Microsecond)
	var out Fetch
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The submitter's row is locked first, as in Submit: two of one
		// person's submissions count one after the other.
		if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE users SET role = role WHERE id = ?`), f.Submitter); err != nil {
			return err
		}
		old, err := scanFetch(tx.QueryRowContext(ctx, s.d.rebind(`SELECT `+fetchColumns+` FROM paper_fetches WHERE paper_id = ?`+s.d.lockRows("paper_fetches")), f.PaperID))
		switch {
		case err == nil && old.State == FetchFetching:
			out = old
			return nil
		case err != nil && !errors.Is(err, sql.ErrNoRows):
			return err
		}
		if max > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM paper_fetches WHERE submitter_id = ? AND state = 'fetching'`),
				f.Submitter).Scan(&n); err != nil {
				return err
			}
			if n >= max {
				return &TooManyFetches{Max: max}
			}
		}
		_, err = tx.ExecContext(ctx, s.d.rebind(`INSERT INTO paper_fetches (paper_id, submitter_id, day, state, created_at, updated_at)
			VALUES (?, ?, ?, 'fetching', ?, ?)
			ON CONFLICT (paper_id) DO UPDATE SET submitter_id = excluded.submitter_id, day = excluded.day, state = 'fetching',
				error = '', attempts = 0, lease_owner = '', lease_until = NULL, created_at = excluded.created_at, updated_at = excluded.updated_at`),
			f.PaperID, f.Submitter, f.Day, now, now)
		if err != nil {
			return err
		}
		out = Fetch{PaperID: f.PaperID, Submitter: f.Submitter, Day: f.Day, State: FetchFetching, Created: now, Updated: now}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return Fetch{}, fmt.Errorf("QueueFetch(%q): %w", f.PaperID, err)
	}
	return out, nil
}

// PaperFetch returns the fetch of a paper, or paper.ErrNotFound.
func (s *Store) PaperFetch(ctx context.Context, paperID string) (Fetch, error) {
	f, err := scanFetch(s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+fetchColumns+` FROM paper_fetches WHERE paper_id = ?`), paperID))
	if errors.Is(err, sql.ErrNoRows) {
		err = paper.ErrNotFound
	}
	if err != nil {
		return Fetch{}, fmt.Errorf("PaperFetch(%q): %w", paperID, err)
	}
	return f, nil
}

// ClaimFetch takes the fetch that has waited longest and is due, for owner,
// under a lease as long as lease, counting an attempt; ok is false when none
// is due. A fetch whose holder stopped is due again once its lease ends. Two
// servers never hold the same fetch (SKIP LOCKED on PostgreSQL; one writer
// on SQLite).
func (s *Store) ClaimFetch(ctx context.Context, owner string, lease time.Duration) (f Fetch, ok bool, err error) {
	now := s.now().UTC()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT paper_id FROM paper_fetches
			WHERE state = 'fetching' AND (lease_until IS NULL OR lease_until <= ?)
			ORDER BY updated_at, paper_id LIMIT 1`+s.d.skipLocked()), now).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		f, err = scanFetch(tx.QueryRowContext(ctx, s.d.rebind(`UPDATE paper_fetches SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
			WHERE paper_id = ? RETURNING `+fetchColumns), owner, now.Add(lease), id))
		ok = err == nil
		return err
	})
	if err != nil {
		return Fetch{}, false, fmt.Errorf("ClaimFetch: %w", err)
	}
	return f, ok, nil
}

// FinishFetch records the outcome of owner's fetch: state FetchDone or
// FetchFailed with the reason, or FetchFetching to try again retryIn from
// now. A fetch owner no longer holds is ErrLeaseLost.
func (s *Store) FinishFetch(ctx context.Context, paperID, owner, state, reason string, retryIn time.Duration) error {
	now := s.now().UTC()
	var until any
	if state == FetchFetching {
		until = now.Add(retryIn)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE paper_fetches SET state = ?, error = ?, lease_owner = '', lease_until = ?, updated_at = ?
			WHERE paper_id = ? AND state = 'fetching' AND lease_owner = ?`), state, reason, until, now, paperID, owner)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrLeaseLost
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("FinishFetch(%q): %w", paperID, err)
	}
	return nil
}

// RetryFetch makes a failed fetch wait for a worker again, from its first
// attempt. A paper without a failed fetch is paper.ErrNotFound.
func (s *Store) RetryFetch(ctx context.Context, paperID string) error {
	return s.updateRows(ctx, fmt.Sprintf("RetryFetch(%q)", paperID), showsOnPages,
		`UPDATE paper_fetches SET state = 'fetching', error = '', attempts = 0, lease_owner = '', lease_until = NULL, updated_at = ?
		WHERE paper_id = ? AND state = 'failed'`, s.now().UTC(), paperID)
}
