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

// vectorsEvery is how often the server looks for papers without vectors
// that no kick announced (submissions, another process's imports); a look
// that finds none costs two index scans.
const vectorsEvery = time.Minute

// keepVectors computes the paper vectors that similar papers and For you
// need, in the background: at start, whenever kick says papers arrived,
// and every vectorsEvery. Imports leave new papers' vectors to it.
func keepVectors(ctx context.Context, s *store.Store, log *slog.Logger, kick <-chan struct{}) {
	tick := time.NewTicker(vectorsEvery)
	defer tick.Stop()
	for {
		backfillVectors(ctx, s, log)
		select {
		case <-ctx.Done():
			return
		case <-kick:
		case <-tick.C:
		}
	}
}

// backfillVectors runs store.BackfillVectors once and logs what it did.
func backfillVectors(ctx context.Context, s *store.Store, log *slog.Logger) (store.VectorBackfill, error) {
	start := time.Now()
	done, err := s.BackfillVectors(ctx, backfillBatch)
	if err != nil && ctx.Err() == nil {
		log.Warn("compute paper vectors", slog.Any("error", err))
	}
	if done.Counted+done.Vectorised > 0 {
		took := time.Since(start)
		log.Info("computed paper vectors", slog.Int("counted", done.Counted), slog.Int("vectorised", done.Vectorised),
			slog.Duration("took", took), slog.Int("papers_per_s", int(float64(done.Vectorised)/max(took.Seconds(), 1e-3))))
	}
	return done, err
}

// kickVectors tells keepVectors that papers arrived, without waiting.
func kickVectors(kick chan<- struct{}) {
	select {
	case kick <- struct{}{}:
	default: // a kick is pending already
	}
}
