package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
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

// maxSimilarWords bounds the words similar papers are searched by: each is
// three index reads a segment, on every paper page.
const maxSimilarWords = 12

// Similar returns papers that share the most words with the paper's title
// and keywords, best first, the paper itself left out.
func (s *Store) Similar(ctx context.Context, id string, limit int) ([]paper.Paper, error) {
	p, err := s.GetPaper(ctx, id)
	if err != nil {
		return nil, err
	}
	text := p.Title
	for _, k := range p.AIKeywords {
		text += " " + k
	}
	var words []string
	for _, w := range search.AppendWords(nil, text) {
		if len(w) > 3 && !stopWords[w] && !slices.Contains(words, w) && len(words) < maxSimilarWords {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	res, err := s.Search(ctx, SearchQuery{Text: strings.Join(words, " "), AnyWord: true, Exclude: id, Limit: limit})
	if err != nil {
		return nil, fmt.Errorf("Similar(%q): %w", id, err)
	}
	out := make([]paper.Paper, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Paper
	}
	return out, nil
}

// stopWords are words of titles too common to say two papers are alike.
var stopWords = map[string]bool{
	"with": true, "from": true, "that": true, "this": true, "into": true, "over": true, "using": true,
	"towards": true, "toward": true, "via": true, "their": true, "your": true, "what": true, "when": true,
	"large": true, "model": true, "models": true, "learning": true, "language": true, "based": true,
	"approach": true, "method": true, "methods": true, "data": true, "neural": true, "network": true,
	"networks": true, "through": true, "beyond": true, "than": true, "more": true, "less": true,
}
