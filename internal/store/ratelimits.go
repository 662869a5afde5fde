package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// maxRateSubject bounds a rate limit's key: addresses are at most 254
// bytes, networks and account ids far less.
const maxRateSubject = 300

// TakeRate counts one event against a shared rate limit (see
// ratelimit.Counts): one statement, so servers counting at once are all
// counted (see rateWrite). The row's time moves on by interval from itself or from now,
// whichever is later, unless that passes now+most; the WHERE of the
// upsert refuses, and then no row comes back.
func (s *Store) TakeRate(ctx context.Context, limit, key string, now time.Time, interval, most time.Duration) (full time.Time, ok bool, err error) {
	if len(key) > maxRateSubject {
		key = key[:maxRateSubject]
	}
	n, step, ceiling := now.UnixMicro(), interval.Microseconds(), now.Add(most).UnixMicro()
	var at int64
	err = s.rateWrite(ctx, func(tx rateQuerier) error {
		err := tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO rate_limits (name, subject, full_at) VALUES (?, ?, ?)
			ON CONFLICT (name, subject) DO UPDATE
			SET full_at = CASE WHEN rate_limits.full_at > ? THEN rate_limits.full_at ELSE ? END + ?
			WHERE CASE WHEN rate_limits.full_at > ? THEN rate_limits.full_at ELSE ? END + ? <= ?
			RETURNING full_at`),
			limit, key, n+step, n, n, step, n, n, step, ceiling).Scan(&at)
		if err == nil {
			ok = true
			return nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		ok = false
		// Refused: read the time, for the caller's Retry-After.
		err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT full_at FROM rate_limits WHERE name = ? AND subject = ?`), limit, key).Scan(&at)
		if errors.Is(err, sql.ErrNoRows) {
			at = n
			return nil
		}
		return err
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("TakeRate(%q): %w", limit, err)
	}
	return time.UnixMicro(at), ok, nil
}

// rateQuerier is a transaction or the writer pool.
type rateQuerier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// rateWrite runs a write of rate-limit counts as cheaply as it can be made
// safe. Where commits wait for the disk (PostgreSQL) it is a transaction
// that tells its commit not to: a crash that loses the last few counts
// gives a few people a few events back, which is cheaper than a flush per
// vote. Elsewhere (SQLite in WAL mode) each statement is its own
// transaction, sparing the BEGIN and COMMIT an action pays for again; the
// one statement that counts is atomic either way.
func (s *Store) rateWrite(ctx context.Context, fn func(rateQuerier) error) error {
	lazy := s.d.lazyCommit()
	if lazy == "" {
		return fn(s.w)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, lazy); err != nil {
			return err
		}
		return fn(tx)
	})
}

// GiveRate gives back one event counted against a shared rate limit. A
// time moved into the past means the same as now.
func (s *Store) GiveRate(ctx context.Context, limit, key string, interval time.Duration) error {
	if len(key) > maxRateSubject {
		key = key[:maxRateSubject]
	}
	err := s.rateWrite(ctx, func(tx rateQuerier) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE rate_limits SET full_at = full_at - ? WHERE name = ? AND subject = ?`),
			interval.Microseconds(), limit, key)
		return err
	})
	if err != nil {
		return fmt.Errorf("GiveRate(%q): %w", limit, err)
	}
	return nil
}

// SweepRates deletes the rate-limit rows whose allowance is whole again:
// they change nothing.
func (s *Store) SweepRates(ctx context.Context, now time.Time) (int64, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM rate_limits WHERE full_at <= ?`), now.UnixMicro())
		if err != nil {
			return err
		}
		n, _ = res.RowsAffected()
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("SweepRates: %w", err)
	}
	return n, nil
}
