package storetest

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dailypapers/dailypapers/internal/store"
)

// Exec runs one SQL statement on the database of dsn behind the store's
// back, as an older or another program would: a test sets up rows the
// store's own methods never write. The statement must suit both databases
// and take no arguments.
func Exec(t testing.TB, dsn, query string) {
	t.Helper()
	kind, target, err := store.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	driver := "pgx"
	if kind != "postgres" {
		// modernc.org/sqlite, which the store links in, waiting as the
		// store does while another connection writes.
		driver, target = "sqlite", "file:"+target+"?_pragma=busy_timeout(5000)"
	}
	db, err := sql.Open(driver, target)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.ExecContext(context.Background(), query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
