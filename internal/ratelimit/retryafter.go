package ratelimit

import (
	"strconv"
	"time"
)

// RetryAfterSeconds formats d for an HTTP Retry-After header: whole
// seconds, rounded up so that a client retrying on time is not refused
// again, and at least 1, since "0" would invite an immediate retry.
func RetryAfterSeconds(d time.Duration) string {
	secs := d / time.Second
	if d%time.Second > 0 {
		secs++
	}
	return strconv.FormatInt(int64(max(secs, 1)), 10)
}
