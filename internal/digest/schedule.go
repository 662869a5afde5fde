package digest

import (
	"context"
	"errors"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
)

// Due returns the periods whose digest should have gone out by now: the
// latest daily one (its send time passed on a weekday) and the latest
// weekly one (Mondays). Older missed periods are not caught up: a digest
// days late is news no more.
func (s *Service) Due(now time.Time) map[string]string {
	loc := s.opts.Location
	t := now.In(loc)
	today := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, loc)
	out := map[string]string{}
	// The most recent weekday whose send time has passed.
	for d := 0; d < 7; d++ {
		day := today.AddDate(0, 0, -d)
		if wd := day.Weekday(); wd == time.Saturday || wd == time.Sunday || now.Before(day.Add(s.opts.SendAt)) {
			continue
		}
		out[Daily] = previousFeedDay(day).Format(paper.DayLayout)
		break
	}
	monday := today.AddDate(0, 0, -int((today.Weekday()+6)%7))
	if now.Before(monday.Add(s.opts.SendAt)) {
		monday = monday.AddDate(0, 0, -7)
	}
	lastWeek := period.Of(period.Week, time.Date(monday.Year(), monday.Month(), monday.Day()-7, 0, 0, 0, 0, time.UTC))
	out[Weekly] = lastWeek.String()
	return out
}

// previousFeedDay is the feed day a weekday's digest covers: the day
// before, and on Mondays the Friday before.
func previousFeedDay(day time.Time) time.Time {
	back := 1
	if day.Weekday() == time.Monday {
		back = 3
	}
	d := day.AddDate(0, 0, -back)
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// Run plans and sends on schedule until ctx ends: every tick it plans the
// due periods that have no run yet (idempotent across restarts and across
// servers sharing a PostgreSQL database) and sends what is open.
func (s *Service) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		s.tick(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (s *Service) tick(ctx context.Context) {
	for frequency, p := range s.Due(s.opts.Now()) {
		if _, err := s.Plan(ctx, frequency, p); err != nil && !errors.Is(err, ErrNothingToSend) && ctx.Err() == nil {
			s.opts.Log.Error("plan a digest", "frequency", frequency, "period", p, "error", err)
		}
	}
	if err := s.SendOpen(ctx); err != nil && ctx.Err() == nil {
		s.opts.Log.Error("send digests", "error", err)
	}
}
