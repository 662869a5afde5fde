package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/plural"
)

// Do runs act when l allows one more event for key, and gives the event
// back when act fails for a reason of the server's own (the database or
// the mail server down; see paper.ServerFault): people's allowance is
// spent on what they did, not on our failures. Too many events are a
// *paper.Throttled error saying what was limited ("sign-in mails") and
// when to try again; a limit that cannot be read refuses (fails closed).
func Do(ctx context.Context, l Limit, key, what string, act func() error) error {
	ok, after, err := l.Take(ctx, key)
	if err != nil {
		return fmt.Errorf("count %s: %w: %w", what, paper.ErrUnavailable, err)
	}
	if !ok {
		return &paper.Throttled{Msg: fmt.Sprintf("too many %s; try again in %s", what, Wait(after)), After: after}
	}
	err = act()
	if paper.ServerFault(err) {
		if gerr := l.Give(context.WithoutCancel(ctx), key); gerr != nil {
			return errors.Join(err, gerr)
		}
	}
	return err
}

// Wait says a wait in whole seconds or minutes, for people.
func Wait(d time.Duration) string {
	if d < time.Minute {
		return plural.Count(max(1, int((d+time.Second-1)/time.Second)), "second")
	}
	return plural.Count(int((d+time.Minute-1)/time.Minute), "minute")
}
