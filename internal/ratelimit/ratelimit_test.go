package ratelimit

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// step is one call in a scripted sequence: advance the clock, then Allow.
type step struct {
	advance   time.Duration
	key       string
	wantOK    bool
	wantRetry time.Duration
}

func TestAllow(t *testing.T) {
	tests := []struct {
		name  string
		rule  Rule
		steps []step
	}{
		{
			name: "burst then refuse",
			rule: Rule{Burst: 3, Per: time.Minute},
			steps: []step{
				{0, "a", true, 0},
				{0, "a", true, 0},
				{0, "a", true, 0},
				{0, "a", false, 20 * time.Second},
				{0, "a", false, 20 * time.Second},
			},
		},
		{
			name: "refill one at a time",
			rule: Rule{Burst: 3, Per: time.Minute},
			steps: []step{
				{0, "a", true, 0},
				{0, "a", true, 0},
				{0, "a", true, 0},
				{19 * time.Second, "a", false, time.Second},
				{time.Second, "a", true, 0},
				{0, "a", false, 20 * time.Second},
				{40 * time.Second, "a", true, 0},
				{0, "a", true, 0},
				{0, "a", false, 20 * time.Second},
			},
		},
		{
			name: "refused events consume nothing",
			rule: Rule{Burst: 1, Per: time.Hour},
			steps: []step{
				{0, "a", true, 0},
				{10 * time.Minute, "a", false, 50 * time.Minute},
				{10 * time.Minute, "a", false, 40 * time.Minute},
				{10 * time.Minute, "a", false, 30 * time.Minute},
				{30 * time.Minute, "a", true, 0},
			},
		},
		{
			name: "idle bucket holds no more than Burst",
			rule: Rule{Burst: 2, Per: time.Minute},
			steps: []step{
				{0, "a", true, 0},
				{24 * time.Hour, "a", true, 0},
				{0, "a", true, 0},
				{0, "a", false, 30 * time.Second},
			},
		},
		{
			name: "keys are independent",
			rule: Rule{Burst: 1, Per: time.Minute},
			steps: []step{
				{0, "a", true, 0},
				{0, "a", false, time.Minute},
				{0, "b", true, 0},
				{0, "b", false, time.Minute},
				{0, "", true, 0},
				{30 * time.Second, "a", false, 30 * time.Second},
				{0, "c", true, 0},
			},
		},
		{
			name: "sign-in mails: 5 per hour",
			rule: Rule{Burst: 5, Per: time.Hour},
			steps: []step{
				{0, "bob@example.com", true, 0},
				{0, "bob@example.com", true, 0},
				{0, "bob@example.com", true, 0},
				{0, "bob@example.com", true, 0},
				{0, "bob@example.com", true, 0},
				{0, "bob@example.com", false, 12 * time.Minute},
				{5 * time.Minute, "bob@example.com", false, 7 * time.Minute},
				{7 * time.Minute, "bob@example.com", true, 0},
			},
		},
		{
			name: "Per not divisible by Burst allows exactly Burst",
			rule: Rule{Burst: 7, Per: time.Hour},
			steps: []step{
				{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0},
				{0, "a", true, 0}, {0, "a", true, 0}, {0, "a", true, 0},
				{0, "a", false, time.Hour / 7},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			l := New(tt.rule, clock.Now)
			for i, s := range tt.steps {
				clock.Advance(s.advance)
				ok, retry := l.Allow(s.key)
				got := step{s.advance, s.key, ok, retry}
				if diff := cmp.Diff(s, got, cmp.AllowUnexported(step{})); diff != "" {
					t.Errorf("step %d: Allow(%q) mismatch (-want +got):\n%s", i, s.key, diff)
				}
			}
		})
	}
}

func TestNewNilClockUsesTimeNow(t *testing.T) {
	l := New(Rule{Burst: 1, Per: time.Hour}, nil)
	if ok, _ := l.Allow("a"); !ok {
		t.Fatal("first Allow refused")
	}
	ok, retry := l.Allow("a")
	if ok || retry <= 0 || retry > time.Hour {
		t.Errorf("second Allow = %v, %v; want refused with 0 < retryAfter <= 1h", ok, retry)
	}
}

func TestNewPanicsOnBadRule(t *testing.T) {
	for _, rule := range []Rule{{0, time.Minute}, {-1, time.Minute}, {1, 0}, {1, -time.Second}} {
		t.Run("", func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("New(%+v) did not panic", rule)
				}
			}()
			New(rule, nil)
		})
	}
}

func TestRetryAfterSeconds(t *testing.T) {
	tests := []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "1"},
		{0, "1"},
		{time.Nanosecond, "1"},
		{time.Second, "1"},
		{time.Second + time.Nanosecond, "2"},
		{12 * time.Minute, "720"},
		{90*time.Second - time.Millisecond, "90"},
		{time.Duration(1<<63 - 1), "9223372037"},
	}
	for _, tt := range tests {
		if got := RetryAfterSeconds(tt.d); got != tt.want {
			t.Errorf("RetryAfterSeconds(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
}
