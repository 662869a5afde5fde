package store

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver
)

// sqlitePragmas are set on every SQLite connection: WAL so readers never wait
// for the writer, a busy timeout instead of immediate "database is locked",
// foreign keys on, and NORMAL sync, which in WAL mode loses no committed
// transaction on a process crash (only, at worst, the last ones on power loss).
var sqlitePragmas = []string{
	"busy_timeout(10000)",
	"page_size(16384)",
	"foreign_keys(1)",
	"synchronous(NORMAL)",
}

// openSQLite opens one writer connection and a pool of readers on the file.
func openSQLite(path string) (w, r *sql.DB, err error) {
	if path == "" {
		return nil, nil, fmt.Errorf("empty SQLite path")
	}
	if dir := filepath.Dir(path); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	q := url.Values{}
	for _, p := range sqlitePragmas {
		q.Add("_pragma", p)
	}
	// The driver runs _pragma values sorted by name; journal_mode must come
	// after page_size, which a new file takes only before it is in WAL mode.
	q.Set("_journal_mode", "WAL")
	// BEGIN IMMEDIATE takes the write lock at the start of a transaction, so a
	// read-then-write transaction cannot fail half-way on a lock upgrade.
	wq := url.Values{"_txlock": {"immediate"}}
	for k, v := range q {
		wq[k] = append([]string(nil), v...)
	}
	// Page caches, in KiB. The writer's is small because the pure-Go
	// SQLite's allocator takes several times the nominal size in 16 KiB
	// pages: a 32 MB cache made a bulk import's resident set 150 MB larger,
	// and the pages it misses are in the operating system's cache.
	wq.Add("_pragma", "cache_size(-8000)")
	w, err = sql.Open("sqlite", "file:"+path+"?"+wq.Encode())
	if err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)

	rq := url.Values{}
	for k, v := range q {
		rq[k] = v
	}
	rq.Add("_pragma", "query_only(1)")
	rq.Add("_pragma", "cache_size(-32000)")
	r, err = sql.Open("sqlite", "file:"+path+"?"+rq.Encode())
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	readers := max(4, 2*runtime.NumCPU())
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	return w, r, nil
}

// postgresSettings are set on every PostgreSQL session unless the DSN sets
// them. Custom plans: the search that once needed them (a cached generic
// plan could not see its words) is now the store's own, but every query was
// measured with them and none plans slowly. No JIT: compiling a query costs
// tens of milliseconds, more than any of ours takes to run.
var postgresSettings = map[string]string{
	"plan_cache_mode": "force_custom_plan",
	"jit":             "off",
}

// postgresConnectTimeout bounds making a connection. Without it, a server
// that accepts connections but does not answer (stopped with SIGSTOP, a
// full disk, a network that drops packets) holds every request, and the
// start of serve, until the client gives up; with it, the connection fails
// as unavailable and the site answers 503.
const postgresConnectTimeout = 5 * time.Second

func openPostgres(dsn string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, err
	}
	for k, v := range postgresSettings {
		if _, set := cfg.RuntimeParams[k]; !set {
			cfg.RuntimeParams[k] = v
		}
	}
	if cfg.ConnectTimeout == 0 { // the DSN's connect_timeout, if it has one
		cfg.ConnectTimeout = postgresConnectTimeout
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxOpenConns(max(8, 4*runtime.NumCPU()))
	db.SetMaxIdleConns(max(8, 4*runtime.NumCPU()))
	return db, nil
}
