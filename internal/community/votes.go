package community

import (
	"context"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Vote records or withdraws the account's upvote of a paper on the feed and
// returns the paper's count. Repeating either changes nothing.
func (s *Service) Vote(ctx context.Context, a store.Account, paperID string, up bool) (int, error) {
	// A few votes are written at once, their rate limit's count included;
	// the rest wait here, asleep, rather than crowd the CPUs and the
	// database connections that readers need.
	select {
	case s.writers <- struct{}{}:
		defer func() { <-s.writers }()
	case <-ctx.Done():
		return 0, ctx.Err()
	}
	var count int
	err := ratelimit.Do(ctx, s.limits.vote, strconv.FormatInt(a.ID, 10), "votes", func() error {
		var err error
		count, err = s.store.Vote(ctx, a.ID, paperID, up)
		return err
	})
	return count, err
}
