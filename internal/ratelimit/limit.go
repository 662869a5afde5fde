package ratelimit

import (
	"context"
	"fmt"
	"time"
)

// Limit applies one Rule to each key, wherever it keeps its counts: in this
// process (Limiter) or where every server sees them (Shared).
type Limit interface {
	// Take counts one event for key and reports whether it is allowed.
	// When it is not, nothing is counted and retryAfter, always
	// positive, says when it would be. An error means the counts could
	// not be read: the caller refuses the event (fails closed).
	Take(ctx context.Context, key string) (ok bool, retryAfter time.Duration, err error)
	// Give returns one event Take counted for key, when the action it
	// allowed failed for a reason of the server's own: nobody's
	// allowance is spent on the server's failures.
	Give(ctx context.Context, key string) error
}

// Take is Allow as a Limit: counts in memory cannot fail.
func (l *Limiter) Take(_ context.Context, key string) (bool, time.Duration, error) {
	ok, after := l.Allow(key)
	return ok, after, nil
}

// Give takes back one interval of the key's debt.
func (l *Limiter) Give(_ context.Context, key string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	full, known := l.full[key]
	if !known {
		return nil
	}
	if full = full.Add(-l.interval); full.After(l.now()) {
		l.full[key] = full
	} else {
		delete(l.full, key)
	}
	return nil
}

// Counts keeps the "full again at" times of Shared limits, the state of the
// generic cell rate algorithm (see Limiter), in a store every server
// shares: the database.
type Counts interface {
	// TakeRate adds interval to the time at which limit's key is full
	// again (counting from now when that time has passed) unless the
	// result would be later than now+most, and returns the time, new
	// when ok, unchanged when not. It does so atomically: two servers
	// taking at once are both counted.
	TakeRate(ctx context.Context, limit, key string, now time.Time, interval, most time.Duration) (full time.Time, ok bool, err error)
	// GiveRate moves the time back by interval.
	GiveRate(ctx context.Context, limit, key string, interval time.Duration) error
}

// Shared is a Limit counted in Counts, so that servers sharing a database
// share the limit: two of them do not double it.
type Shared struct {
	name     string
	interval time.Duration
	most     time.Duration
	counts   Counts
	now      func() time.Time
}

// NewShared returns the limit called name (unique among the limits of one
// Counts) applying rule. now tells the time; nil means time.Now. Like New,
// it panics on a rule that allows nothing.
func NewShared(counts Counts, name string, rule Rule, now func() time.Time) *Shared {
	if rule.Burst < 1 || rule.Per <= 0 {
		panic(fmt.Sprintf("ratelimit.NewShared(%q): invalid rule %+v: Burst and Per must be positive", name, rule))
	}
	if now == nil {
		now = time.Now
	}
	interval := max(rule.Per/time.Duration(rule.Burst), 1)
	return &Shared{name: name, interval: interval, most: interval * time.Duration(rule.Burst), counts: counts, now: now}
}

// Take counts one event for key in the shared counts.
func (l *Shared) Take(ctx context.Context, key string) (bool, time.Duration, error) {
	now := l.now()
	full, ok, err := l.counts.TakeRate(ctx, l.name, key, now, l.interval, l.most)
	if err != nil {
		return false, 0, fmt.Errorf("rate limit %s: %w", l.name, err)
	}
	if ok {
		return true, 0, nil
	}
	// Refused: the next event is allowed once the debt it would add
	// fits within most again.
	return false, max(full.Add(l.interval).Sub(now)-l.most, time.Millisecond), nil
}

// Give returns one event to key.
func (l *Shared) Give(ctx context.Context, key string) error {
	if err := l.counts.GiveRate(ctx, l.name, key, l.interval); err != nil {
		return fmt.Errorf("rate limit %s: give back: %w", l.name, err)
	}
	return nil
}
