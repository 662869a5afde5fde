package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Why a sign-in link is refused. Both wrap paper.ErrInvalid; an unknown
// link is paper.ErrNotFound.
var (
	ErrLinkUsed    = paper.Public(paper.ErrInvalid, "this sign-in link was already used; ask for a new one")
	ErrLinkExpired = paper.Public(paper.ErrInvalid, "this sign-in link has expired; ask for a new one")
)

// CreateSigninToken records a one-time sign-in link by the hash of its
// token; next is where the user goes after signing in.
func (s *Store) CreateSigninToken(ctx context.Context, hash, email, next string, expires time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.createSigninTokenTx(ctx, tx, hash, email, next, s.now().UTC(), expires)
	})
	if err != nil {
		return fmt.Errorf("CreateSigninToken: %w", err)
	}
	return nil
}

// createSigninTokenTx stores a sign-in link's hash in tx: for
// CreateSigninToken, and for the outbox when it makes a link to mail.
func (s *Store) createSigninTokenTx(ctx context.Context, tx *sql.Tx, hash, email, next string, now, expires time.Time) error {
	_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO signin_tokens (hash, email, next, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`), hash, strings.ToLower(email), next, now, expires.UTC())
	return err
}

// UseSigninToken spends a sign-in link: it succeeds once, before the link
// expires, and returns the address and destination it was made for.
func (s *Store) UseSigninToken(ctx context.Context, hash string) (email, next string, err error) {
	now := s.now().UTC()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		// One statement both checks and spends the link, so two requests
		// racing with the same link cannot both win.
		err := tx.QueryRowContext(ctx, s.d.rebind(`UPDATE signin_tokens SET used_at = ?
			WHERE hash = ? AND used_at IS NULL AND expires_at > ? RETURNING email, next`), now, hash, now).Scan(&email, &next)
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		var used sql.NullTime
		err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT used_at FROM signin_tokens WHERE hash = ?`), hash).Scan(&used)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return paper.ErrNotFound
		case err != nil:
			return err
		case used.Valid:
			return ErrLinkUsed
		}
		return ErrLinkExpired
	})
	if err != nil {
		return "", "", fmt.Errorf("UseSigninToken: %w", err)
	}
	return email, next, nil
}

// SigninTokenEmail returns the address an unspent, unexpired sign-in link
// was made for, without spending it; any other link is paper.ErrNotFound.
func (s *Store) SigninTokenEmail(ctx context.Context, hash string) (string, error) {
	var email string
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT email FROM signin_tokens WHERE hash = ? AND used_at IS NULL AND expires_at > ?`),
		hash, s.now().UTC()).Scan(&email)
	if errors.Is(err, sql.ErrNoRows) {
		err = paper.ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("SigninTokenEmail: %w", err)
	}
	return email, nil
}

// DeleteExpired removes sign-in links and sessions that can no longer be
// used, and mail the outbox is done with, and returns how many rows went.
func (s *Store) DeleteExpired(ctx context.Context) (int64, error) {
	now := s.now().UTC()
	var total int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		total = 0
		// Spent links are kept for a day, to tell a reused link from a
		// mistyped one.
		for _, q := range []struct {
			sql string
			at  time.Time
		}{
			{`DELETE FROM signin_tokens WHERE expires_at < ?`, now.Add(-24 * time.Hour)},
			{`DELETE FROM sessions WHERE expires_at < ?`, now},
			// Mail done with, kept a week to see what happened.
			{`DELETE FROM outbox WHERE state IN ('sent', 'failed', 'unknown', 'discarded') AND updated_at < ?`, now.Add(-7 * 24 * time.Hour)},
		} {
			res, err := tx.ExecContext(ctx, s.d.rebind(q.sql), q.at)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			total += n
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("DeleteExpired: %w", err)
	}
	return total, nil
}
