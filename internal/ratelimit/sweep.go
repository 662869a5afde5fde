package ratelimit

import (
	"slices"
	"time"
)

// maybeSweep forgets keys whose buckets are full again, once every
// minSweepInterval calls or every len(keys) calls, whichever is more, so
// that the sweep costs a constant amount per call however many keys there
// are. l.mu must be held.
func (l *Limiter) maybeSweep(now time.Time) {
	l.calls++
	if l.calls < max(minSweepInterval, len(l.full)) {
		return
	}
	l.calls = 0
	l.sweep(now)
}

// sweep forgets every key whose bucket is full at now: remembering it would
// change nothing. l.mu must be held.
func (l *Limiter) sweep(now time.Time) {
	for key, full := range l.full {
		if !full.After(now) {
			delete(l.full, key)
		}
	}
}

// makeRoom makes sure there is room for one more key: it sweeps, and if
// every key is still in debt it forgets the eighth of them with the least
// debt (see Limiter for why). Evicting many at once keeps the sorting it
// needs rare. l.mu must be held.
func (l *Limiter) makeRoom(now time.Time) {
	if len(l.full) < l.maxKeys {
		return
	}
	l.sweep(now)
	if len(l.full) < l.maxKeys {
		return
	}
	times := make([]time.Time, 0, len(l.full))
	for _, full := range l.full {
		times = append(times, full)
	}
	slices.SortFunc(times, time.Time.Compare)
	n := max(len(times)/8, 1)
	cutoff := times[n-1]
	for key, full := range l.full {
		if full.Before(cutoff) {
			delete(l.full, key)
			n--
		}
	}
	for key, full := range l.full {
		if n == 0 {
			break
		}
		if full.Equal(cutoff) {
			delete(l.full, key)
			n--
		}
	}
}
