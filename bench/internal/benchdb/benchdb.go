// Package benchdb gives a benchmark harness an empty database of its own
// for each run.
package benchdb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
)

// Fresh removes the previous run's database and returns the DSN of an
// empty one named name: the SQLite file dir/name.db, or the PostgreSQL
// schema name on the server pg.
func Fresh(ctx context.Context, kind, dir, name, pg string) (string, error) {
	if kind == "sqlite" {
		path := filepath.Join(dir, name+".db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
				return "", err
			}
		}
		return path, nil
	}
	admin, err := sql.Open("pgx", pg)
	if err != nil {
		return "", err
	}
	defer admin.Close()
	// The migrations' extension goes into public, not the schema dropped
	// below (which would drop it from every schema).
	for _, q := range []string{
		"CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public",
		"DROP SCHEMA IF EXISTS " + name + " CASCADE",
		"CREATE SCHEMA " + name,
	} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			return "", fmt.Errorf("%s: %w", q, err)
		}
	}
	sep := "?"
	if strings.Contains(pg, "?") {
		sep = "&"
	}
	return pg + sep + "search_path=" + name, nil
}
