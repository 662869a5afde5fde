// Package ratelimit limits how often one key — an email address, a
// network, a user — may do something: ask for a sign-in mail, subscribe,
// submit a paper, comment, vote. A Limit is counted either in the database
// (Shared, over Counts), which every server on that database sees, so two
// servers do not double a limit; or in this process's memory (Limiter),
// where counts reset when the process restarts and each process counts
// alone. The site's limits are Shared; Limiter suits counts that belong to
// one process, such as work queued in it, and tools without a database.
package ratelimit

import (
	"fmt"
	"sync"
	"time"
)

// Rule allows at most Burst events at once, refilled at Burst per Per:
// Rule{Burst: 5, Per: time.Hour} allows 5 sign-in mails straight away, then
// one more every 12 minutes.
type Rule struct {
	Burst int
	Per   time.Duration
}

// defaultMaxKeys bounds the memory a Limiter uses: about 100 bytes a key,
// so some 10 MB at most, whatever is thrown at it.
const defaultMaxKeys = 100_000

// minSweepInterval is how many calls pass, at least, between sweeps of keys
// whose buckets are full again.
const minSweepInterval = 1024

// Limiter applies one Rule to each key separately. It is safe for
// concurrent use.
//
// It is a token bucket kept as a single time per key (the generic cell rate
// algorithm): the time at which the key's bucket will be full again. An
// event adds one interval (Per/Burst) of debt and is allowed while the debt
// stays within Per. A key whose bucket is full needs no memory, so such keys
// are swept away every so often.
//
// When more than maxKeys keys are in debt at once — a flood of distinct
// keys, such as IPv6 addresses — the keys with the least debt are forgotten,
// an eighth of them at a time. Refusing new keys instead would turn the
// flood into a refusal of every newcomer; forgetting the keys nearest to
// full gives each of them back at most the few events they were owed anyway,
// and a flood's own keys, each one event in debt, go first.
type Limiter struct {
	interval time.Duration // debt added by one event
	limit    time.Duration // most debt a key may carry: Burst intervals
	now      func() time.Time
	maxKeys  int

	mu    sync.Mutex
	full  map[string]time.Time // when each key's bucket is full again
	calls int                  // since the last sweep
}

// New returns a Limiter applying rule. now tells the time; nil means
// time.Now, and tests pass a fake clock. New panics on a rule that allows
// nothing, as rules are fixed when the program is written.
func New(rule Rule, now func() time.Time) *Limiter {
	if rule.Burst < 1 || rule.Per <= 0 {
		panic(fmt.Sprintf("ratelimit.New: invalid rule %+v: Burst and Per must be positive", rule))
	}
	if now == nil {
		now = time.Now
	}
	interval := max(rule.Per/time.Duration(rule.Burst), 1)
	return &Limiter{
		interval: interval,
		limit:    interval * time.Duration(rule.Burst),
		now:      now,
		maxKeys:  defaultMaxKeys,
		full:     make(map[string]time.Time),
	}
}

// Allow records one event for key and reports whether it is allowed. When
// it is not, nothing is recorded, and retryAfter, always positive, says how
// long until the same event would be allowed.
func (l *Limiter) Allow(key string) (ok bool, retryAfter time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	l.maybeSweep(now)

	full, known := l.full[key]
	if !known || full.Before(now) {
		full = now
	}
	next := full.Add(l.interval)
	if debt := next.Sub(now); debt > l.limit {
		return false, debt - l.limit
	}
	if !known {
		l.makeRoom(now)
	}
	l.full[key] = next
	return true, 0
}
