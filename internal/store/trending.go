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

// Trending ranks the entries of the trending window by paper.TrendingScore.
// The window ends at now or, on a site whose latest feed day is older (a
// demo, a paused site), at the end of that day, so trending is never empty
// while there are papers.
func (s *Store) Trending(ctx context.Context, now time.Time, limit, offset int) ([]TrendingEntry, error) {
	latest, err := s.LatestDay(ctx)
	if errors.Is(err, paper.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("Trending: %w", err)
	}
	ref := now
	if end, err := time.Parse(paper.DayLayout, nextDay(latest)); err == nil && end.Before(now) {
		ref = end
	}
	from := ref.Add(-paper.TrendingWindow).Format(paper.DayLayout)
	es, err := s.Entries(ctx, ListQuery{From: from, To: ref.Format(paper.DayLayout)})
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
