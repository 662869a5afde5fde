package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// ErrNotOnFeed means a paper is on no feed day, so it cannot be voted on or
// discussed until someone submits it.
var ErrNotOnFeed = paper.Public(paper.ErrNotFound, "this paper is not on the daily feed yet; submit it first")

// Vote records (up) or withdraws an account's upvote of a paper and returns
// the paper's count. Either is idempotent: voting twice counts once.
func (s *Store) Vote(ctx context.Context, accountID int64, paperID string, up bool) (int, error) {
	var count int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// The insert or delete decides whether the count moves, in the
		// same transaction, so concurrent votes are counted exactly.
		q := `INSERT INTO upvotes (paper_id, user_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`
		args := []any{paperID, accountID, s.now().UTC()}
		delta := 1
		if !up {
			q, args, delta = `DELETE FROM upvotes WHERE paper_id = ? AND user_id = ?`, args[:2], -1
		}
		if err := onFeed(ctx, s, tx, paperID); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, s.d.rebind(q), args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return tx.QueryRowContext(ctx, s.d.rebind(`SELECT upvotes FROM daily_entries WHERE paper_id = ?`), paperID).Scan(&count)
		}
		err = tx.QueryRowContext(ctx, s.d.rebind(`UPDATE daily_entries SET upvotes = upvotes + ?, local_upvotes = local_upvotes + ?
			WHERE paper_id = ? RETURNING upvotes`), delta, delta, paperID).Scan(&count)
		if err != nil {
			return err
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return 0, fmt.Errorf("Vote(%q): %w", paperID, err)
	}
	return count, nil
}

// onFeed checks, in a transaction, that the paper is on a feed day.
func onFeed(ctx context.Context, s *Store, tx *sql.Tx, paperID string) error {
	var one int
	err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM daily_entries WHERE paper_id = ?`), paperID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotOnFeed
	}
	return err
}

// Upvoted returns which of the papers the account has upvoted.
func (s *Store) Upvoted(ctx context.Context, accountID int64, paperIDs []string) (map[string]bool, error) {
	out, err := s.marked(ctx, "upvotes", accountID, paperIDs)
	if err != nil {
		return nil, fmt.Errorf("Upvoted: %w", err)
	}
	return out, nil
}

// UpvotedEntries returns the feed entries the account upvoted, most recent
// vote first.
func (s *Store) UpvotedEntries(ctx context.Context, accountID int64, limit int) ([]DayEntry, error) {
	q := entrySelect + ` JOIN upvotes v ON v.paper_id = e.paper_id WHERE v.user_id = ?
		ORDER BY v.created_at DESC, e.paper_id LIMIT ` + fmt.Sprint(limit)
	out, err := s.queryEntries(ctx, q, accountID)
	if err != nil {
		return nil, fmt.Errorf("UpvotedEntries: %w", err)
	}
	return out, nil
}
