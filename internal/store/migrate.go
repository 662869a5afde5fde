package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// ErrSchemaTooNew means the database was migrated by a newer dailypapers.
var ErrSchemaTooNew = errors.New("database schema is newer than this binary")

type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the numbered migrations of the dialect in order.
func (s *Store) migrations() ([]migration, error) {
	dir := path.Join("migrations", s.d.name())
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations: %w", err)
	}
	var ms []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", e.Name())
		}
		body, err := fs.ReadFile(migrationFiles, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("read migration %s: %w", e.Name(), err)
		}
		ms = append(ms, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// LatestSchema is the schema version this binary knows.
func (s *Store) LatestSchema() int {
	ms, err := s.migrations()
	if err != nil || len(ms) == 0 {
		return 0
	}
	return ms[len(ms)-1].version
}

// SchemaVersion returns the version the database is at (0 when empty).
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		v, err = s.lockedSchemaVersion(ctx, tx)
		return err
	})
	return v, err
}

// lockedSchemaVersion takes the migration lock for the rest of tx, creates
// the bookkeeping table if this is a new database, and reads the version.
// Creating the table under the lock matters on PostgreSQL: two processes
// creating it at once can fail on a unique index of the catalogue.
func (s *Store) lockedSchemaVersion(ctx context.Context, tx *sql.Tx) (int, error) {
	if s.d.name() == "postgres" {
		// Held until the transaction ends; one lock per schema, as a schema is a site.
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/migrations'))`); err != nil {
			return 0, fmt.Errorf("lock migrations: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return 0, fmt.Errorf("create schema_migrations: %w", err)
	}
	var v sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT MAX(version) FROM schema_migrations`).Scan(&v); err != nil {
		return 0, fmt.Errorf("read schema version: %w", err)
	}
	return int(v.Int64), nil
}

// Migrate applies the pending migrations, each in its own transaction, and
// returns how many it applied. It refuses to touch a database whose schema is
// newer than this binary. On PostgreSQL an advisory lock lets several
// processes start at once without applying a migration twice.
func (s *Store) Migrate(ctx context.Context) (int, error) {
	ms, err := s.migrations()
	if err != nil {
		return 0, err
	}
	applied := 0
	for {
		done, err := s.migrateOne(ctx, ms)
		if err != nil || done {
			return applied, err
		}
		applied++
	}
}

// migrateOne applies the next pending migration, or reports that none is left.
func (s *Store) migrateOne(ctx context.Context, ms []migration) (done bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		have, err := s.lockedSchemaVersion(ctx, tx)
		if err != nil {
			return err
		}
		latest := ms[len(ms)-1].version
		if have > latest {
			return fmt.Errorf("%w: the database is at schema version %d, this dailypapers knows up to %d; run a newer dailypapers", ErrSchemaTooNew, have, latest)
		}
		for _, m := range ms {
			if m.version <= have {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.name, err)
			}
			if err := s.goMigrationStep(ctx, tx, m); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.name, err)
			}
			_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)`),
				m.version, m.name, s.now().UTC().Format("2006-01-02T15:04:05Z"))
			if err != nil {
				return fmt.Errorf("record migration %s: %w", m.name, err)
			}
			s.log.Info("applied migration", slog.String("name", m.name), slog.String("database", s.d.name()))
			return nil
		}
		done = true
		return nil
	})
	return done, err
}

// goMigrationStep runs the part of a migration that SQL cannot do, in the
// migration's transaction.
func (s *Store) goMigrationStep(ctx context.Context, tx *sql.Tx, m migration) error {
	if m.version == 8 || m.version == 13 || m.version == 18 {
		return s.reindexAll(ctx, tx)
	}
	if m.version == 15 {
		return s.learnAllDefinitions(ctx, tx)
	}
	return nil
}
