package digest

import (
	"context"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
)

// Send plans the digest of a frequency and period and sends it, returning
// when every delivery is in a final state: what `digest send` does. A
// delivery waiting to retry is waited for.
func (s *Service) Send(ctx context.Context, frequency, period string) (store.Run, error) {
	if err := s.recoverLeases(ctx); err != nil {
		return store.Run{}, err
	}
	run, err := s.Plan(ctx, frequency, period)
	if err != nil {
		return run, err
	}
	for {
		if err := s.SendRun(ctx, run); err != nil {
			return run, err
		}
		done, err := s.store.FinishRun(ctx, run.ID)
		if err != nil {
			return run, err
		}
		if run, err = s.store.RunByPeriod(ctx, run.Frequency, run.Period); err != nil || done || run.Paused {
			return run, err
		}
		// Deliveries wait for a retry, or another sender holds them.
		select {
		case <-ctx.Done():
			return run, ctx.Err()
		case <-time.After(time.Second):
		}
		if err := s.recoverLeases(ctx); err != nil {
			return run, err
		}
	}
}

// SendOpen sends what is due of every unfinished, unpaused run: the
// scheduler's work, and a second server's share of it.
func (s *Service) SendOpen(ctx context.Context) error {
	if err := s.CheckConfig(); err != nil {
		return err
	}
	if err := s.recoverLeases(ctx); err != nil {
		return err
	}
	runs, err := s.store.OpenRuns(ctx)
	if err != nil {
		return err
	}
	for _, run := range runs {
		if run.Paused || !run.Planned {
			continue
		}
		if err := s.SendRun(ctx, run); err != nil {
			return err
		}
		if _, err := s.store.FinishRun(ctx, run.ID); err != nil {
			return err
		}
	}
	return nil
}
