package store_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// BenchmarkTakeRate is the cost a shared rate limit adds to an action: one
// event counted for one of 1,000 keys.
func BenchmarkTakeRate(b *testing.B) {
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			ctx := context.Background()
			s, err := store.Open(ctx, storetest.DSN(b, kind), store.Options{})
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			now := time.Now()
			b.ResetTimer()
			for i := range b.N {
				if _, _, err := s.TakeRate(ctx, "votes", strconv.Itoa(i%1000), now, 500*time.Millisecond, time.Minute); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
