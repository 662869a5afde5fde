package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Submission puts a paper on a feed day on behalf of an account.
type Submission struct {
	PaperID   string
	Day       string // the feed day, YYYY-MM-DD
	Submitter int64
	// MaxPerDay bounds the submitter's submissions on Day; 0: no bound.
	MaxPerDay int
}

// AlreadySubmitted is the error of a second submission of a paper: it
// wraps paper.ErrConflict and says where the paper already is.
type AlreadySubmitted struct {
	Day string
}

func (e *AlreadySubmitted) Error() string {
	return fmt.Sprintf("this paper is already on the feed of %s", e.Day)
}
func (e *AlreadySubmitted) Unwrap() error { return paper.ErrConflict }

// TooManySubmissions is the error of a submission over the daily limit.
type TooManySubmissions struct {
	Max int
}

func (e *TooManySubmissions) Error() string {
	return fmt.Sprintf("at most %d submissions per person per day", e.Max)
}

// Submit adds the feed entry of a submission. A paper already on a day is
// an *AlreadySubmitted error; a submitter over the limit *TooManySubmissions.
func (s *Store) Submit(ctx context.Context, sub Submission) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// Lock the submitter's row first: on PostgreSQL two submissions
		// by the same person then count one after the other (SQLite has
		// one writer anyway).
		if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE users SET role = role WHERE id = ?`), sub.Submitter); err != nil {
			return err
		}
		var day string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT day FROM daily_entries WHERE paper_id = ?`), sub.PaperID).Scan(&day)
		if err == nil {
			return &AlreadySubmitted{Day: day}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		if sub.MaxPerDay > 0 {
			var n int
			if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM daily_entries WHERE submitter_id = ? AND day = ?`),
				sub.Submitter, sub.Day).Scan(&n); err != nil {
				return err
			}
			if n >= sub.MaxPerDay {
				return &TooManySubmissions{Max: sub.MaxPerDay}
			}
		}
		res, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO daily_entries (paper_id, day, submitted_at, submitter_id) VALUES (?, ?, ?, ?)
			ON CONFLICT (paper_id) DO NOTHING`),
			sub.PaperID, sub.Day, s.now().UTC().Truncate(time.Microsecond), sub.Submitter)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			// A concurrent submission committed first (PostgreSQL waited
			// for it); its day, not ours, is where the paper is.
			if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT day FROM daily_entries WHERE paper_id = ?`), sub.PaperID).Scan(&day); err != nil {
				return err
			}
			return &AlreadySubmitted{Day: day}
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("Submit(%q): %w", sub.PaperID, err)
	}
	return nil
}

// SetLinks sets a paper's code repository and project page; "" clears one.
func (s *Store) SetLinks(ctx context.Context, paperID, repo, projectPage string) error {
	return s.updateRows(ctx, fmt.Sprintf("SetLinks(%q)", paperID), showsOnPages,
		`UPDATE papers SET github_repo = ?, project_page = ?, modified_at = ? WHERE id = ?`, repo, projectPage, s.now().UTC(), paperID)
}
