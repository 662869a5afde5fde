package ratelimit

import (
	"testing"
	"time"
)

func TestWait(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "1 second"}, {time.Second, "1 second"}, {1500 * time.Millisecond, "2 seconds"},
		{time.Minute, "1 minute"}, {61 * time.Second, "2 minutes"},
	} {
		if got := Wait(c.d); got != c.want {
			t.Errorf("Wait(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}
