// Package storetest gives tests a fresh database of each kind: an SQLite file
// in a temporary directory and a PostgreSQL schema of its own, dropped when
// the test ends. Every store test runs against both through ForEach.
package storetest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// DefaultPostgres is the server the tests use when DAILYPAPERS_TEST_POSTGRES is unset.
const DefaultPostgres = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// Kinds lists the databases ForEach runs on.
var Kinds = []string{"sqlite", "postgres"}

// ForEach runs fn as a subtest once per database kind, each with the DSN of
// a fresh, empty database.
func ForEach(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Helper()
	for _, kind := range Kinds {
		t.Run(kind, func(t *testing.T) { fn(t, DSN(t, kind)) })
	}
}

// DSN returns the DSN of a fresh database of the kind ("sqlite" or "postgres").
//
// PostgreSQL is required when CI is set or DAILYPAPERS_TEST_POSTGRES names a
// server: a missing server then fails the test. Elsewhere a developer without
// PostgreSQL sees the PostgreSQL half skipped, with the reason.
func DSN(t testing.TB, kind string) string {
	t.Helper()
	if kind == "sqlite" {
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	}
	return postgresSchema(t)
}

func postgresSchema(t testing.TB) string {
	t.Helper()
	base := os.Getenv("DAILYPAPERS_TEST_POSTGRES")
	required := base != "" || os.Getenv("CI") != ""
	if base == "" {
		base = DefaultPostgres
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	db, err := sql.Open("pgx", base)
	if err == nil {
		err = db.PingContext(ctx)
	}
	if err != nil {
		if required {
			t.Fatalf("PostgreSQL at %s: %v", redact(base), err)
		}
		t.Skipf("no PostgreSQL at %s (set DAILYPAPERS_TEST_POSTGRES): %v", redact(base), err)
	}
	defer db.Close()
	if err := installExtensions(ctx, db); err != nil {
		t.Fatalf("PostgreSQL extensions: %v", err)
	}
	schema := "t_" + randomHex(8)
	if _, err := db.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer db.Close()
		db.Exec("DROP SCHEMA " + schema + " CASCADE")
	})
	return withSearchPath(t, base, schema)
}

// installExtensions installs the extensions the migrations use into public,
// once per server: a migration would install one into the test's schema,
// and dropping that schema would drop it, with every index in the other
// schemas that uses it. Packages test in parallel, so a concurrent install
// is not an error.
func installExtensions(ctx context.Context, db *sql.DB) error {
	_, err := db.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public")
	if err == nil {
		return nil
	}
	var n int
	if qerr := db.QueryRowContext(ctx, "SELECT count(*) FROM pg_extension WHERE extname = 'btree_gin'").Scan(&n); qerr == nil && n == 1 {
		return nil
	}
	return err
}

func withSearchPath(t testing.TB, base, schema string) string {
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("parse %s: %v", redact(base), err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "<unparsable DSN>"
	}
	return u.Redacted()
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return strings.ToLower(hex.EncodeToString(b))
}
