package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestTrendingSpan: trending covers the last 7 days while the feed has a
// day among them, and the 7 days up to the latest feed day otherwise, saying
// which.
func TestTrendingSpan(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		if _, err := s.TrendingSpan(ctx, time.Now()); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("TrendingSpan of an empty feed = %v, want ErrNotFound", err)
		}
		seedDays(t, s, 2, "2024-06-03", "2024-06-05")
		recent := time.Date(2024, 6, 9, 15, 0, 0, 0, time.UTC) // four days after the latest
		stale := time.Date(2024, 12, 7, 15, 0, 0, 0, time.UTC) // months after
		for _, c := range []struct {
			now  time.Time
			want store.TrendingSpan
		}{
			{recent, store.TrendingSpan{From: "2024-06-02", To: "2024-06-09", At: recent}},
			{stale, store.TrendingSpan{From: "2024-05-30", To: "2024-06-05", At: time.Date(2024, 6, 6, 0, 0, 0, 0, time.UTC), Anchored: true}},
		} {
			got, err := s.TrendingSpan(ctx, c.now)
			if err != nil || got.From != c.want.From || got.To != c.want.To || !got.At.Equal(c.want.At) || got.Anchored != c.want.Anchored {
				t.Errorf("TrendingSpan(%s) = %+v, %v; want %+v", c.now, got, err, c.want)
			}
			ts, err := s.Trending(ctx, c.now, 0, 0)
			if err != nil || len(ts) != 4 {
				t.Errorf("Trending(%s) = %d entries, %v; want 4", c.now, len(ts), err)
			}
		}
	})
}
