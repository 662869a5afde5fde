package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
)

// backfillBatch is how many papers each transaction of the vector
// backfill counts or vectorises.
const backfillBatch = 1000

// backfillVectors computes the paper vectors that similar papers and For
// you need of papers stored before they existed, in the background.
func backfillVectors(ctx context.Context, s *store.Store, log *slog.Logger) {
	start := time.Now()
	done, err := s.BackfillVectors(ctx, backfillBatch)
	if err != nil && ctx.Err() == nil {
		log.Warn("backfill paper vectors", slog.Any("error", err))
	}
	if done.Counted+done.Vectorised > 0 {
		log.Info("backfilled paper vectors", slog.Int("counted", done.Counted), slog.Int("vectorised", done.Vectorised),
			slog.Duration("took", time.Since(start)))
	}
}
