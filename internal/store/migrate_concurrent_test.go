package store_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestConcurrentMigrations starts several stores at once on one empty
// database, as servers started together do: every one must open, and each
// migration must be recorded once.
func TestConcurrentMigrations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		const starters = 4
		stores := make([]*store.Store, starters)
		errs := make([]error, starters)
		var wg sync.WaitGroup
		for i := range starters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				stores[i], errs[i] = store.Open(ctx, dsn, store.Options{})
			}()
		}
		wg.Wait()
		for i, s := range stores {
			if s != nil {
				defer s.Close()
			}
			if errs[i] != nil {
				t.Errorf("Open %d: %v", i, errs[i])
			}
		}
		if t.Failed() {
			return
		}
		s := stores[0]
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != s.LatestSchema() {
			t.Fatalf("SchemaVersion = %d, %v; want %d", v, err, s.LatestSchema())
		}
		var rows, distinct int
		q := `SELECT COUNT(*), COUNT(DISTINCT name) FROM schema_migrations`
		if err := rawDB(t, dsn).QueryRowContext(ctx, q).Scan(&rows, &distinct); err != nil {
			t.Fatal(err)
		}
		if rows != distinct || rows != s.MigrationsForTest() {
			t.Errorf("schema_migrations has %d rows, %d names; want %d, one per migration", rows, distinct, s.MigrationsForTest())
		}
	})
}
