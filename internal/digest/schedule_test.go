package digest_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/digest"
)

// TestDue: which digests should have gone out by a moment, in New York:
// daily ones at 07:00 on weekdays for the feed day before (Friday's on
// Mondays), weekly ones at 07:00 on Mondays for the week before; after
// downtime only the latest is due.
func TestDue(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skip("no time zone database")
	}
	d := digest.New(nil, nil, digest.Options{Location: ny})
	at := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, ny)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		now           string
		daily, weekly string
	}{
		{"2026-11-24 07:00", "2026-11-23", "2026-W47"}, // Tuesday at send time: Monday's papers
		{"2026-11-24 06:59", "2026-11-20", "2026-W47"}, // Tuesday before it: Monday's digest (Friday's papers)
		{"2026-11-23 07:30", "2026-11-20", "2026-W47"}, // Monday: Friday's papers; the weekly of last week
		{"2026-11-23 06:00", "2026-11-19", "2026-W46"}, // Monday early: still Friday's digest (Thursday's papers)
		{"2026-11-28 12:00", "2026-11-26", "2026-W47"}, // Saturday: nothing new since Friday's digest
		{"2026-11-29 23:00", "2026-11-26", "2026-W47"}, // Sunday
		{"2026-03-09 07:05", "2026-03-06", "2026-W10"}, // Monday after the DST change
	} {
		got := d.Due(at(c.now))
		want := map[string]string{digest.Daily: c.daily, digest.Weekly: c.weekly}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Due(%s) (-want +got):\n%s", c.now, diff)
		}
	}
}
