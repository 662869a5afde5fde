package store_test

import (
	"context"
	"testing"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestStatementCache: statements past the cache's bound still run
// (unprepared), a cached one serves in and out of transactions, and lists
// of any length go as one parameter, empty lists included.
func TestStatementCache(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dsn, store.Options{MaxConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		for i := range 300 {
			n, err := store.CachedCount(ctx, s, i, []int64{1, 2, 3})
			if err != nil || n != 3 {
				t.Fatalf("statement %d: %d rows, %v", i, n, err)
			}
		}
		if n := store.CachedStatements(s); n != store.MaxCachedStmts {
			t.Errorf("%d statements cached, want the bound %d", n, store.MaxCachedStmts)
		}
		many := make([]int64, 5000)
		for i := range many {
			many[i] = int64(2 * i)
		}
		for _, ids := range [][]int64{nil, {}, {7}, many} {
			n, err := store.CachedCount(ctx, s, 0, ids)
			if err != nil || n != len(ids) {
				t.Errorf("a list of %d: %d rows, %v", len(ids), n, err)
			}
		}
	})
}
