package store

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// TrendingEntry is a feed entry with its trending score.
type TrendingEntry struct {
	DayEntry
	Score float64
}

// TrendingSpan is the window trending ranks, as its page states it.
type TrendingSpan struct {
	// From and To are the first and last feed days of the window,
	// inclusive; To is today, or the latest feed day when Anchored.
	From, To string
	// At is when ages are measured: now, or the end of the latest feed day.
	At time.Time
	// Anchored: no paper came to the feed in the last 7 days (a demo, a
	// paused site), so the window is the 7 days up to the latest feed day,
	// and trending is never empty while there are papers.
	Anchored bool
}

// TrendingSpan returns the window trending ranks at now: the last 7 days
// when the latest feed day is among them, else the 7 days up to the latest
// feed day. It is an error wrapping paper.ErrNotFound when the feed is empty.
func (s *Store) TrendingSpan(ctx context.Context, now time.Time) (TrendingSpan, error) {
	latest, err := s.LatestDay(ctx)
	if err != nil {
		return TrendingSpan{}, fmt.Errorf("TrendingSpan: %w", err)
	}
	span := TrendingSpan{At: now, From: now.Add(-paper.TrendingWindow).Format(paper.DayLayout), To: now.Format(paper.DayLayout)}
	if latest >= span.From {
		return span, nil
	}
	end, err := time.Parse(paper.DayLayout, nextDay(latest))
	if err != nil {
		return TrendingSpan{}, fmt.Errorf("TrendingSpan: latest day %q: %w", latest, err)
	}
	return TrendingSpan{At: end, From: end.Add(-paper.TrendingWindow).Format(paper.DayLayout), To: latest, Anchored: true}, nil
}

// Trending ranks the entries of the trending window (TrendingSpan) by
// paper.TrendingScore.
func (s *Store) Trending(ctx context.Context, now time.Time, limit, offset int) ([]TrendingEntry, error) {
	span, err := s.TrendingSpan(ctx, now)
	if errors.Is(err, paper.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("Trending: %w", err)
	}
	ref := span.At
	es, err := s.Entries(ctx, ListQuery{From: span.From, To: span.To})
	if err != nil {
		return nil, fmt.Errorf("Trending: %w", err)
	}
	out := make([]TrendingEntry, len(es))
	for i, e := range es {
		out[i] = TrendingEntry{DayEntry: e, Score: paper.TrendingScore(e.Entry.Upvotes, ref.Sub(e.Entry.SubmittedAt))}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	if offset >= len(out) {
		return nil, nil
	}
	out = out[max(offset, 0):]
	if limit > 0 && limit < len(out) {
		out = out[:limit]
	}
	return out, nil
}
