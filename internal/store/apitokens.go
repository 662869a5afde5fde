package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// APIToken is a token a script sends as "Authorization: Bearer". Only the
// hash of the secret is stored; Prefix (its first characters) lets the
// owner tell tokens apart.
type APIToken struct {
	ID        int64
	Name      string
	Prefix    string
	CreatedAt time.Time
	LastUsed  time.Time // zero: never
	Revoked   time.Time // zero: valid
}

// CreateAPIToken stores a token of the account and returns its id.
func (s *Store) CreateAPIToken(ctx context.Context, accountID int64, name, prefix, hash string) (int64, error) {
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO api_tokens (user_id, name, hash, prefix, created_at)
			VALUES (?, ?, ?, ?, ?) RETURNING id`), accountID, name, hash, prefix, s.now().UTC()).Scan(&id)
	})
	if err != nil {
		return 0, fmt.Errorf("CreateAPIToken: %w", err)
	}
	return id, nil
}

// APITokens lists the tokens of an account, newest first.
func (s *Store) APITokens(ctx context.Context, accountID int64) ([]APIToken, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT id, name, prefix, created_at, last_used_at, revoked_at
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`), accountID)
	if err != nil {
		return nil, fmt.Errorf("APITokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		var used, revoked sql.NullTime
		if err := rows.Scan(&t.ID, &t.Name, &t.Prefix, &t.CreatedAt, &used, &revoked); err != nil {
			return nil, fmt.Errorf("APITokens: %w", err)
		}
		t.LastUsed, t.Revoked = used.Time, revoked.Time
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeAPIToken revokes a token of the account; another account's token
// is paper.ErrNotFound.
func (s *Store) RevokeAPIToken(ctx context.Context, accountID, tokenID int64) error {
	return s.updateRows(ctx, fmt.Sprintf("RevokeAPIToken(%d)", tokenID), notOnPages,
		`UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? AND user_id = ?`, s.now().UTC(), tokenID, accountID)
}

// AccountByAPIToken returns the account of a valid token, or an error
// wrapping paper.ErrNotFound for an unknown or revoked one.
func (s *Store) AccountByAPIToken(ctx context.Context, hash string) (Account, error) {
	// One query for the account and the token: this runs on every write a
	// script makes.
	var tokenID int64
	var used sql.NullTime
	var a Account
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT u.id, u.name, u.full_name, u.avatar_url, COALESCE(u.email, ''), u.role, u.created_at,
		t.id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = ? AND t.revoked_at IS NULL`), hash).
		Scan(&a.ID, &a.Name, &a.FullName, &a.AvatarURL, &a.Email, &a.Role, &a.CreatedAt, &tokenID, &used)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("AccountByAPIToken: %w", paper.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("AccountByAPIToken: %w", err)
	}
	// Last use is recorded at most hourly: a script's every request
	// should not be a write.
	if now := s.now().UTC(); !used.Valid || now.Sub(used.Time) > time.Hour {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE api_tokens SET last_used_at = ? WHERE id = ?`), now, tokenID)
			return err
		})
		if err != nil && !errors.Is(err, context.Canceled) {
			s.log.Warn("record token use", "error", err)
		}
	}
	return a, nil
}
