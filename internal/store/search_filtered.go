package store

import (
	"context"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/search"
)

// searchFiltered serves a search of filters alone (cat:cs.LG, year:2020):
// every paper passing them, the newest first, or the most upvoted.
func (s *Store) searchFiltered(ctx context.Context, q SearchQuery, filters string, fargs []any) (SearchResult, error) {
	order := `p.published_at DESC, p.seq DESC`
	if q.Sort == SortUpvotes {
		order = `COALESCE((SELECT MAX(e.upvotes) FROM daily_entries e WHERE e.paper_id = p.id), -1) DESC, ` + order
	}
	found, err := s.queryPapers(ctx, s.r, `SELECT `+prefixed("p.", paperColumns)+` FROM papers p WHERE 1 = 1`+filters+
		` ORDER BY `+order+` LIMIT ? OFFSET ?`, append(fargs, q.Limit, q.Offset)...)
	if err != nil {
		return SearchResult{}, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	hits, err := s.hitsOf(ctx, found, nil)
	if err != nil {
		return SearchResult{}, err
	}
	res := SearchResult{Hits: hits, Total: q.Offset + len(found), TotalIsLowerBound: len(found) == q.Limit}
	if q.Count {
		res.Total, res.TotalIsLowerBound, err = s.countFiltered(ctx, filters, fargs)
	}
	return res, err
}

// countFiltered counts the papers passing the filters, up to
// search.MaxCounted as a ranked search does: past that it says so rather
// than scan every paper.
func (s *Store) countFiltered(ctx context.Context, filters string, fargs []any) (int, bool, error) {
	var n int
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM (SELECT 1 FROM papers p WHERE 1 = 1`+filters+` LIMIT ?) AS m`),
		append(fargs, search.MaxCounted+1)...).Scan(&n)
	if err != nil {
		return 0, false, fmt.Errorf("count search matches: %w", err)
	}
	return min(n, search.MaxCounted), n > search.MaxCounted, nil
}
