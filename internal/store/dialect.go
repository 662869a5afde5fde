package store

import (
	"errors"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// dialect is what differs between SQLite and PostgreSQL. Queries are written
// once with ? placeholders; rebind turns them into $n for PostgreSQL.
type dialect interface {
	name() string
	rebind(query string) string
	// retryable reports whether a transaction that failed with err may
	// succeed if run again.
	retryable(err error) bool
	// uniqueViolation reports whether err is a broken UNIQUE or PRIMARY KEY
	// constraint: a row another transaction wrote first.
	uniqueViolation(err error) bool
	// claimDeliveries is the statement that claims due deliveries of a
	// run; its parameters are owner, lease end, now, run, now, limit, and
	// it returns subscriber_id, attempts, picks.
	claimDeliveries() string
	// claimMail claims due mail of the outbox; its parameters are owner,
	// lease end, now, now, limit, and it returns id, kind, email, params,
	// attempts, token_hash.
	claimMail() string
	// lockRows ends a SELECT that locks the rows it reads of table until
	// the transaction ends; empty on SQLite, whose one writer at a time
	// (BEGIN IMMEDIATE) already keeps writers apart.
	lockRows(table string) string
	// skipLocked ends a SELECT of rows to claim: rows another transaction
	// holds are passed over instead of waited for; empty on SQLite.
	skipLocked() string
	// maxParams bounds the placeholders of one statement.
	maxParams() int
	// bulkInsert begins a multi-row INSERT of rows known to be new, in a
	// transaction that is abandoned if any row fails.
	bulkInsert() string
	// lazyCommit is a statement that lets the transaction it begins
	// commit without waiting for the disk, for writes a crash may lose
	// harmlessly (rate-limit counts); empty where no commit waits for it.
	lazyCommit() string

	// Search (search_dialect.go).
	assignsSeqs() bool
	titleKeyIndexed() bool
	arrayParams() bool

	// Lists as one parameter (stmt_cache.go).
	inParam(sqlType string) string
}

type sqliteDialect struct{}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) maxParams() int         { return 32000 }

// lazyCommit: in WAL mode with synchronous=NORMAL no commit waits for the
// disk already.
func (sqliteDialect) lazyCommit() string { return "" }

func (sqliteDialect) lockRows(string) string { return "" }
func (sqliteDialect) skipLocked() string     { return "" }

// bulkInsert is OR ROLLBACK on SQLite: a multi-row statement that could stop
// half-way (ABORT, the default) keeps a journal of every page it touches in
// order to undo itself, a fifth of a bulk import's time; since the whole
// transaction is abandoned on error anyway, none is needed.
func (sqliteDialect) bulkInsert() string { return "INSERT OR ROLLBACK INTO" }

func (sqliteDialect) retryable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	code := e.Code() & 0xff
	return code == sqlite3.SQLITE_BUSY || code == sqlite3.SQLITE_LOCKED
}

func (sqliteDialect) uniqueViolation(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE || e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
}

// claimDeliveries on SQLite needs no row locks: the one writer
// connection serializes claims.
func (sqliteDialect) claimDeliveries() string {
	return `UPDATE deliveries SET state = 'claimed', lease_owner = ?, lease_until = ?, updated_at = ?
		WHERE rowid IN (SELECT rowid FROM deliveries WHERE run_id = ? AND state = 'queued' AND next_at <= ? ORDER BY next_at LIMIT ?)
		RETURNING subscriber_id, attempts, picks`
}

func (sqliteDialect) claimMail() string {
	return `UPDATE outbox SET state = 'claimed', lease_owner = ?, lease_until = ?, updated_at = ?
		WHERE id IN (SELECT id FROM outbox WHERE state = 'queued' AND next_at <= ? ORDER BY next_at, id LIMIT ?)
		RETURNING id, kind, email, params, attempts, token_hash`
}

type postgresDialect struct{}

func (postgresDialect) claimMail() string {
	return `WITH c AS (SELECT id FROM outbox WHERE state = 'queued' AND next_at <= $4 ORDER BY next_at, id LIMIT $5 FOR UPDATE SKIP LOCKED)
		UPDATE outbox o SET state = 'claimed', lease_owner = $1, lease_until = $2, updated_at = $3
		FROM c WHERE o.id = c.id
		RETURNING o.id, o.kind, o.email, o.params, o.attempts, o.token_hash`
}

// claimDeliveries on PostgreSQL skips rows other workers are claiming, so
// concurrent claims neither wait nor collide.
func (postgresDialect) claimDeliveries() string {
	return `WITH c AS (SELECT run_id, subscriber_id FROM deliveries
			WHERE run_id = $4 AND state = 'queued' AND next_at <= $5 ORDER BY next_at LIMIT $6 FOR UPDATE SKIP LOCKED)
		UPDATE deliveries d SET state = 'claimed', lease_owner = $1, lease_until = $2, updated_at = $3
		FROM c WHERE d.run_id = c.run_id AND d.subscriber_id = c.subscriber_id
		RETURNING d.subscriber_id, d.attempts, d.picks`
}

func (postgresDialect) uniqueViolation(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505"
}

func (postgresDialect) name() string       { return "postgres" }
func (postgresDialect) maxParams() int     { return 65000 }
func (postgresDialect) bulkInsert() string { return "INSERT INTO" }

// lazyCommit: a commit that does not wait for its WAL to be flushed is
// still atomic and ordered; a crash can lose only the last few of them.
func (postgresDialect) lockRows(table string) string { return " FOR UPDATE OF " + table }
func (postgresDialect) skipLocked() string           { return " FOR UPDATE SKIP LOCKED" }

func (postgresDialect) lazyCommit() string { return "SET LOCAL synchronous_commit TO OFF" }

func (postgresDialect) rebind(q string) string {
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	inString := false
	for i := 0; i < len(q); i++ {
		c := q[i]
		switch {
		case c == '\'':
			inString = !inString
		case c == '?' && !inString:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}

func (postgresDialect) retryable(err error) bool {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return false
	}
	// serialization_failure, deadlock_detected
	return e.Code == "40001" || e.Code == "40P01"
}

// placeholders returns "(?,?,?),(?,?,?)" for rows rows of cols columns.
func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}
