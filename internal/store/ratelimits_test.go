package store_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSharedRateLimits: two Store handles on one database, as two servers
// would have, share one limit: events counted by either count for both;
// one given back is allowed again; time refills it; concurrent takes from
// both never let through more than the burst; a whole allowance is swept.
func TestSharedRateLimits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		open := func() *store.Store {
			s, err := store.Open(ctx, dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { s.Close() })
			return s
		}
		one, two := open(), open()
		var mu sync.Mutex
		now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		rule := ratelimit.Rule{Burst: 3, Per: 15 * time.Minute}
		a := ratelimit.NewShared(one, "signin-address", rule, clock)
		b := ratelimit.NewShared(two, "signin-address", rule, clock)
		other := ratelimit.NewShared(two, "signin-ip", rule, clock)

		take := func(l ratelimit.Limit, key string, want bool) time.Duration {
			t.Helper()
			ok, after, err := l.Take(ctx, key)
			if err != nil {
				t.Fatal(err)
			}
			if ok != want || (!ok && after <= 0) {
				t.Fatalf("Take(%q) = %v, retry after %v; want %v", key, ok, after, want)
			}
			return after
		}
		take(a, "ada@example.org", true)
		take(b, "ada@example.org", true)
		take(a, "ada@example.org", true)
		after := take(b, "ada@example.org", false) // the fourth, on the other server
		if after > 5*time.Minute {
			t.Errorf("retry after %v; one event refills in 5 minutes", after)
		}
		take(a, "ada@example.org", false)
		take(a, "bob@example.org", true)                       // another key
		take(other, "ada@example.org", true)                   // another limit, same key
		if err := b.Give(ctx, "ada@example.org"); err != nil { // a failed action gives its event back
			t.Fatal(err)
		}
		take(a, "ada@example.org", true)
		take(b, "ada@example.org", false)

		mu.Lock()
		now = now.Add(after)
		mu.Unlock()
		take(b, "ada@example.org", true)
		take(a, "ada@example.org", false)

		// Concurrent takes on both handles: exactly the burst is allowed.
		burst := ratelimit.Rule{Burst: 10, Per: time.Hour}
		limits := []ratelimit.Limit{ratelimit.NewShared(one, "votes", burst, clock), ratelimit.NewShared(two, "votes", burst, clock)}
		var allowed atomic.Int64
		var wg sync.WaitGroup
		for i := range 30 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, _, err := limits[i%2].Take(ctx, "42")
				if err != nil {
					t.Error(err)
				}
				if ok {
					allowed.Add(1)
				}
			}()
		}
		wg.Wait()
		if n := allowed.Load(); n != 10 {
			t.Errorf("%d of 30 concurrent votes allowed on two servers, want 10", n)
		}

		mu.Lock()
		now = now.Add(2 * time.Hour)
		mu.Unlock()
		n, err := two.SweepRates(ctx, clock())
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 {
			t.Errorf("swept %d rows, want 4 (every key's allowance is whole again)", n)
		}
		take(a, "ada@example.org", true)
	})
}
