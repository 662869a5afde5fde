package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Session is a signed-in browser. Only the hash of its cookie is stored.
type Session struct {
	Hash      string
	Email     string
	CSRF      string // the form token of this session
	UserAgent string
	CreatedAt time.Time
	ExpiresAt time.Time
	LastSeen  time.Time
	// Account is nil while a new user has not yet picked a username.
	Account *Account
}

// CreateSession stores a new session, of an account or (accountID 0) of an
// address that has none yet.
func (s *Store) CreateSession(ctx context.Context, sess Session, accountID int64) error {
	var uid sql.NullInt64
	if accountID != 0 {
		uid = sql.NullInt64{Int64: accountID, Valid: true}
	}
	now := s.now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO sessions (hash, user_id, email, csrf, created_at, expires_at, last_seen_at, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`), sess.Hash, uid, sess.Email, sess.CSRF, now, sess.ExpiresAt.UTC(), now, sess.UserAgent)
		return err
	})
	if err != nil {
		return fmt.Errorf("CreateSession: %w", err)
	}
	return nil
}

// SessionByHash returns the unexpired session with the hash, with its
// account, or an error wrapping paper.ErrNotFound.
func (s *Store) SessionByHash(ctx context.Context, hash string) (Session, error) {
	var sess Session
	var a Account
	var uid sql.NullInt64
	var name, fullName, avatar, email, role sql.NullString
	var created sql.NullTime
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT s.hash, s.email, s.csrf, s.user_agent, s.created_at, s.expires_at, s.last_seen_at,
			u.id, u.name, u.full_name, u.avatar_url, u.email, u.role, u.created_at
		FROM sessions s LEFT JOIN users u ON u.id = s.user_id
		WHERE s.hash = ? AND s.expires_at > ?`), hash, s.now().UTC()).
		Scan(&sess.Hash, &sess.Email, &sess.CSRF, &sess.UserAgent, &sess.CreatedAt, &sess.ExpiresAt, &sess.LastSeen,
			&uid, &name, &fullName, &avatar, &email, &role, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return sess, fmt.Errorf("SessionByHash: %w", paper.ErrNotFound)
	}
	if err != nil {
		return sess, fmt.Errorf("SessionByHash: %w", err)
	}
	if uid.Valid {
		a = Account{ID: uid.Int64, Name: name.String, FullName: fullName.String, AvatarURL: avatar.String,
			Email: email.String, Role: role.String, CreatedAt: created.Time}
		sess.Account = &a
	}
	return sess, nil
}

// ExtendSession moves a session's expiry, as it is used.
func (s *Store) ExtendSession(ctx context.Context, hash string, expires time.Time) error {
	return s.sessionWrite(ctx, "ExtendSession", `UPDATE sessions SET expires_at = ?, last_seen_at = ? WHERE hash = ?`,
		expires.UTC(), s.now().UTC(), hash)
}

// AttachSession gives a session the account its user just created.
func (s *Store) AttachSession(ctx context.Context, hash string, accountID int64) error {
	return s.sessionWrite(ctx, "AttachSession", `UPDATE sessions SET user_id = ? WHERE hash = ?`, accountID, hash)
}

// DeleteSession ends one session (signing out).
func (s *Store) DeleteSession(ctx context.Context, hash string) error {
	return s.sessionWrite(ctx, "DeleteSession", `DELETE FROM sessions WHERE hash = ?`, hash)
}

// DeleteSessions ends every session of an account (signing out everywhere).
func (s *Store) DeleteSessions(ctx context.Context, accountID int64) error {
	return s.sessionWrite(ctx, "DeleteSessions", `DELETE FROM sessions WHERE user_id = ?`, accountID)
}

func (s *Store) sessionWrite(ctx context.Context, op, query string, args ...any) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(query), args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
