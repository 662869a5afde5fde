package arxiv

import (
	"context"
	"time"
)

// SetClock replaces c's clock, so that tests see every wait and nothing
// really waits.
func SetClock(c *Client, now func() time.Time, sleep func(context.Context, time.Duration) error) {
	c.now, c.sleep = now, sleep
}
