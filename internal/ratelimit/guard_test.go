package ratelimit

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// TestDo: an action refused by the person's own fault spends an event; one
// that failed on the server's side gives it back; too many is a Throttled
// error. (Counts that cannot be read: TestServerFailuresSpendNoAllowance in
// internal/web, on a real database.)
func TestDo(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	l := New(Rule{Burst: 2, Per: time.Minute}, clock.Now)
	outcomes := []error{
		fmt.Errorf("Vote: %w", errors.New("database is closed")), // server: given back
		fmt.Errorf("Vote: %w", paper.ErrNotFound),                // the person's: spent
		nil,
	}
	for i, out := range outcomes {
		if err := Do(ctx, l, "ada", "votes", func() error { return out }); err != out {
			t.Errorf("action %d: Do = %v, want the action's own %v", i+1, err, out)
		}
	}
	ran := false
	err := Do(ctx, l, "ada", "votes", func() error { ran = true; return nil })
	var th *paper.Throttled
	if !errors.As(err, &th) || th.After <= 0 || ran {
		t.Errorf("third counted action: %v (ran %v), want Throttled without running", err, ran)
	}
}

// TestGive: an event given back to the memory Limiter is allowed again;
// giving back more than was taken leaves the bucket full, no fuller.
func TestGive(t *testing.T) {
	ctx := context.Background()
	clock := newFakeClock()
	l := New(Rule{Burst: 2, Per: time.Minute}, clock.Now)
	for i, want := range []bool{true, true, false} {
		if ok, _, _ := l.Take(ctx, "k"); ok != want {
			t.Fatalf("take %d = %v, want %v", i+1, ok, want)
		}
	}
	for range 5 {
		l.Give(ctx, "k")
	}
	for i, want := range []bool{true, true, false} {
		if ok, _, _ := l.Take(ctx, "k"); ok != want {
			t.Errorf("after giving back, take %d = %v, want %v", i+1, ok, want)
		}
	}
}
