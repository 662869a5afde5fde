package community

import (
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
)

// allow counts one action against a limiter and returns a *paper.Throttled
// error, saying what was limited, when there were too many.
func allow(l *ratelimit.Limiter, key, what string) error {
	ok, after := l.Allow(key)
	if ok {
		return nil
	}
	return &paper.Throttled{Msg: fmt.Sprintf("too many %s; try again in %s", what, roundDuration(after)), After: after}
}
