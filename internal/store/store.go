// Package store keeps papers, feed entries, users and harvest state in SQLite
// or PostgreSQL. It is the only place with SQL. Both databases run the same
// queries except at a few named seams (see dialect.go), and one conformance
// suite runs every test against both.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Store is the database of one site. It is safe for concurrent use.
type Store struct {
	d dialect
	// w takes every write; on SQLite it is a single connection, so writers
	// queue in Go instead of failing with "database is locked".
	w *sql.DB
	// r serves reads; on SQLite a pool of read-only connections (WAL lets
	// them read while the writer writes), on PostgreSQL a second pool.
	r   *sql.DB
	log *slog.Logger
	now func() time.Time
	// segments keeps the search index's segment filters between searches.
	segments segmentCache
	// stmts keeps the statements every search runs, prepared once.
	stmts stmtCache
	// skipVectors: imports leave paper vectors alone, for tests that
	// import into a schema older than migration 17.
	skipVectors bool
	// text renders comments' Markdown (see comment_html.go); made on first
	// use, since building it costs more than most commands need.
	text func() *usertext.Renderer
}

// Options tune Open.
type Options struct {
	Logger *slog.Logger
	// NoMigrate opens the database as it is, without applying or checking
	// migrations: for the migrate command, which calls Migrate itself.
	NoMigrate bool
	// Now is the clock that dates rows and expires sessions and sign-in
	// links (default time.Now); tests share theirs with the site.
	Now func() time.Time
	// MaxConns bounds each pool: SQLite's readers, PostgreSQL's readers
	// and writers (SQLite has one writer). 0 sizes them by the CPUs: on
	// SQLite 2 readers a CPU, at least 4; on PostgreSQL 4 a CPU, at least 8.
	// Tests set 1: a function that asks a pool for a second connection
	// while it holds one then waits on every call, not only under load.
	MaxConns int
}

// Open connects to the database the DSN names and brings its schema up to
// date. A DSN is "postgres://..." or "postgresql://..." for PostgreSQL, and
// "sqlite:PATH" or a plain file path for SQLite.
func Open(ctx context.Context, dsn string, opts Options) (*Store, error) {
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Store{log: log, now: time.Now, text: sync.OnceValue(usertext.NewRenderer),
		segments: segmentCache{postings: search.NewPostingsCache(postingsCacheSeqs), scratch: search.NewScratch()}}
	if opts.Now != nil {
		s.now = opts.Now
	}
	kind, target, err := ParseDSN(dsn)
	if err != nil {
		return nil, err
	}
	switch kind {
	case "postgres":
		s.d = postgresDialect{}
		// Reads get a pool of their own, as on SQLite: writers waiting
		// for row locks (many people upvoting one paper) must not hold
		// every connection a page needs.
		s.w, err = openPostgres(target)
		if err == nil {
			s.r, err = openPostgres(target)
		}
	default:
		s.d = sqliteDialect{}
		s.w, s.r, err = openSQLite(target)
	}
	if err != nil {
		return nil, fmt.Errorf("open %s database: %w", s.d.name(), err)
	}
	if opts.MaxConns > 0 {
		if s.d.name() == "postgres" {
			s.w.SetMaxOpenConns(opts.MaxConns)
		}
		s.r.SetMaxOpenConns(opts.MaxConns)
	}
	if err := s.w.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s database: %w", s.d.name(), err)
	}
	if !opts.NoMigrate {
		if _, err := s.Migrate(ctx); err != nil {
			s.Close()
			return nil, err
		}
	}
	return s, nil
}

// ParseDSN tells which database a DSN names and returns what to hand its
// driver. Anything that looks like another database's URL or a key=value
// connection string is refused, rather than becoming an SQLite file named
// after it (password included).
func ParseDSN(dsn string) (kind, target string, err error) {
	switch {
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "postgres", dsn, nil
	case strings.HasPrefix(dsn, "sqlite:"):
		dsn = strings.TrimPrefix(strings.TrimPrefix(dsn, "sqlite:"), "//")
	case strings.Contains(dsn, "://"):
		scheme, _, _ := strings.Cut(dsn, "://")
		return "", "", fmt.Errorf("database %q: unknown scheme %q; use postgres://..., sqlite:PATH or a file path: %w", redactDSN(dsn), scheme, paper.ErrInvalid)
	case strings.Contains(dsn, "=") && strings.Contains(dsn, " "):
		return "", "", fmt.Errorf("database: key=value connection strings are not supported; use postgres://user:pass@host/db: %w", paper.ErrInvalid)
	}
	if dsn == "" {
		return "", "", fmt.Errorf("database: empty SQLite path: %w", paper.ErrInvalid)
	}
	return "sqlite", dsn, nil
}

// redactDSN hides the password of a URL-shaped DSN.
func redactDSN(dsn string) string {
	if u, err := url.Parse(dsn); err == nil {
		return u.Redacted()
	}
	return "<unparsable>"
}

// Ping checks that the database answers, for health checks: cheap, unlike
// counting rows.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.name(), err)
	}
	var one int
	if err := s.r.QueryRowContext(ctx, `SELECT 1`).Scan(&one); err != nil {
		return fmt.Errorf("ping %s: %w", s.d.name(), err)
	}
	return nil
}

// Dialect names the database: "sqlite" or "postgres".
func (s *Store) Dialect() string { return s.d.name() }

// Close closes every connection.
func (s *Store) Close() error {
	s.stmts.close()
	err := s.w.Close()
	if s.r != s.w {
		err = errors.Join(err, s.r.Close())
	}
	return err
}

// maxTxAttempts bounds retries of a transaction that failed on a busy
// database or a serialization conflict.
const maxTxAttempts = 5

// tx runs fn in a write transaction and commits it, or rolls it back if fn
// fails. A transaction that lost a race (SQLITE_BUSY, PostgreSQL
// serialization failure or deadlock) is retried from the start.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	var err error
	for attempt := 1; attempt <= maxTxAttempts; attempt++ {
		err = s.tryTx(ctx, fn)
		if err == nil || !s.d.retryable(err) || ctx.Err() != nil {
			return err
		}
		s.log.Debug("retrying transaction", slog.Int("attempt", attempt), slog.Any("error", err))
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt*attempt) * 10 * time.Millisecond):
		}
	}
	return err
}

func (s *Store) tryTx(ctx context.Context, fn func(*sql.Tx) error) (err error) {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// querier is what a read needs of its connection: the read pool, or a
// transaction its caller holds. A function that holds a transaction or open
// rows passes them down to every read it makes rather than asking a pool for
// another connection: once as many callers held one as the pool has, each
// would wait for the others until its context ended.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// queryColumn runs a query (already rebound) of one column and returns its
// values, an empty slice when there are none.
func queryColumn[T any](ctx context.Context, q querier, query string, args ...any) ([]T, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		var v T
		if err := rows.Scan(&v); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
