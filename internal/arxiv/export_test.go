package arxiv

import (
	"context"
	"net/http"
	"time"
)

// SetClock replaces c's clock, so that tests see every wait and nothing
// really waits.
func SetClock(c *Client, now func() time.Time, sleep func(context.Context, time.Duration) error) {
	c.now, c.sleep = now, sleep
}

// Transport returns the transport of c's HTTP client.
func Transport(c *Client) http.RoundTripper { return c.http.Transport }

// SleepContext is the real sleep of a Client.
var SleepContext = sleepContext
