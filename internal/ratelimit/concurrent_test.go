package ratelimit

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestConcurrentAllow checks, best under -race, that however many
// goroutines ask at the same instant, no more than Burst are let through.
func TestConcurrentAllow(t *testing.T) {
	const (
		goroutines = 64
		calls      = 50
		burst      = 10
	)
	clock := newFakeClock()
	l := New(Rule{Burst: burst, Per: time.Minute}, clock.Now)
	admitted := func() int64 {
		var n atomic.Int64
		var wg sync.WaitGroup
		for range goroutines {
			wg.Go(func() {
				for range calls {
					if ok, retry := l.Allow("shared"); ok {
						n.Add(1)
					} else if retry <= 0 {
						t.Errorf("refused with retryAfter %v", retry)
					}
				}
			})
		}
		wg.Wait()
		return n.Load()
	}
	if got := admitted(); got != burst {
		t.Errorf("first instant: %d admitted, want %d", got, burst)
	}
	clock.Advance(time.Minute / burst)
	if got := admitted(); got != 1 {
		t.Errorf("one interval later: %d admitted, want 1", got)
	}
}
