package community

import (
	"context"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/store"
)

// Vote records or withdraws the account's upvote of a paper on the feed and
// returns the paper's count. Repeating either changes nothing.
func (s *Service) Vote(ctx context.Context, a store.Account, paperID string, up bool) (int, error) {
	if err := allow(s.limits.vote, strconv.FormatInt(a.ID, 10), "votes"); err != nil {
		return 0, err
	}
	// A few votes are written at once; the rest wait here, asleep, rather
	// than crowd the CPUs and the database connections that readers need.
	select {
	case s.writers <- struct{}{}:
		defer func() { <-s.writers }()
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	return s.store.Vote(ctx, a.ID, paperID, up)
}
