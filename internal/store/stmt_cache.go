package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sync"
)

// stmtCache keeps the read statements a search runs every time, prepared
// once on the read pool instead of parsed anew on every call: parsing was
// a tenth of a search's CPU on SQLite. database/sql prepares a cached
// statement once on each connection that runs it and reuses it after.
// Statements are cached by their text, so their text must not depend on
// the data: lists go as one parameter (listParam), not as "?, ?, ?".
//
// Preparing a statement on the pool takes a connection from it, so a
// statement run in a transaction is prepared before the transaction
// begins (prepare); asking the pool from inside one would wait forever
// for its own connection when the pool has one (TestNoReadHoldsTwoConnections).
type stmtCache struct {
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache: the filters of a search make a few
// shapes of statement (a category list is one parameter), and a shape
// past the bound is run without caching.
const maxCachedStmts = 256

// query runs the statement query (already rebound) on db, the read pool,
// prepared once.
func (c *stmtCache) query(ctx context.Context, db *sql.DB, query string, args ...any) (*sql.Rows, error) {
	st, err := c.prepare(ctx, db, query)
	if err != nil || st == nil {
		return db.QueryContext(ctx, query, args...)
	}
	return st.QueryContext(ctx, args...)
}

// queryTx runs the statement query in tx, a transaction of the read pool:
// prepared if prepare made it before tx began, parsed anew otherwise.
func (c *stmtCache) queryTx(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	st, err := c.inTx(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// inTx returns the statement query bound to tx: the cached one if prepare
// made it before tx began, else one prepared in tx alone. Either closes
// with tx.
func (c *stmtCache) inTx(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if st := c.lookup(query); st != nil {
		return tx.StmtContext(ctx, st), nil
	}
	return tx.PrepareContext(ctx, query)
}

// lookup returns the statement prepared for query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.m[query]
}

// prepare returns the statement prepared on db, or nil when the cache is
// full. The caller holds no connection of db. The lock is not held while
// preparing, which waits for a connection: searches holding one take the
// lock to look their statements up.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	st, ok := c.m[query]
	full := len(c.m) >= maxCachedStmts
	c.mu.Unlock()
	if ok || full {
		return st, nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if had, ok := c.m[query]; ok { // prepared meanwhile by another search
		st.Close()
		return had, nil
	}
	if c.m == nil {
		c.m = map[string]*sql.Stmt{}
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = nil
}

// inParam is "IN (list)" over a single parameter holding the list, made
// by listParam: SQLite reads it as JSON, PostgreSQL as an array of
// sqlType. The statement's text is then the same for any list.
func (sqliteDialect) inParam(string) string { return `IN (SELECT value FROM json_each(?))` }
func (postgresDialect) inParam(sqlType string) string {
	return `= ANY(?::` + sqlType + `[])`
}

// listParam is the parameter inParam reads: a JSON array on SQLite, the
// slice itself on PostgreSQL (pgx sends it as an array).
func listParam[T int64 | string](d dialect, xs []T) (any, error) {
	if d.arrayParams() {
		return xs, nil
	}
	b, err := json.Marshal(xs)
	return string(b), err
}
