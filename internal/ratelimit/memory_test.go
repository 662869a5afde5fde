package ratelimit

import (
	"strconv"
	"testing"
	"time"
)

func TestSweepForgetsFullBuckets(t *testing.T) {
	clock := newFakeClock()
	l := New(Rule{Burst: 2, Per: time.Minute}, clock.Now)
	const n = 5000
	for i := range n {
		l.Allow("ip-" + strconv.Itoa(i))
	}
	if got := l.keys(); got != n {
		t.Fatalf("after %d keys: remembering %d, want %d", n, got, n)
	}
	// Every bucket refills; one more round of calls must trigger a sweep.
	clock.Advance(time.Minute)
	for range n {
		l.Allow("steady")
	}
	if got := l.keys(); got > 1 {
		t.Errorf("after the buckets refilled: remembering %d keys, want at most 1", got)
	}
}

func TestHardCapBoundsMemory(t *testing.T) {
	clock := newFakeClock()
	l := New(Rule{Burst: 3, Per: time.Hour}, clock.Now)
	l.maxKeys = 100

	// A key that has used its whole burst.
	for range 3 {
		l.Allow("victim")
	}
	// A flood of new keys, none of whose buckets refill meanwhile.
	for i := range 10_000 {
		if ok, _ := l.Allow("flood-" + strconv.Itoa(i)); !ok {
			t.Fatalf("new key %d refused; the cap must evict, not refuse", i)
		}
		if got := l.keys(); got > l.maxKeys {
			t.Fatalf("after %d new keys: remembering %d, over the cap of %d", i+1, got, l.maxKeys)
		}
		clock.Advance(time.Millisecond)
	}
	// The flood's keys, each one event in debt, went before the victim's.
	if ok, _ := l.Allow("victim"); ok {
		t.Error("victim's exhausted bucket was forgotten during the flood")
	}
}

func TestEvictionWithEqualDebts(t *testing.T) {
	clock := newFakeClock() // never advanced: every key has the same debt
	l := New(Rule{Burst: 1, Per: time.Hour}, clock.Now)
	l.maxKeys = 80
	for i := range l.maxKeys {
		l.Allow(strconv.Itoa(i))
	}
	l.Allow("one more")
	// An eighth forgotten, then the new key added.
	if got, want := l.keys(), l.maxKeys-l.maxKeys/8+1; got != want {
		t.Errorf("remembering %d keys, want %d", got, want)
	}
}
