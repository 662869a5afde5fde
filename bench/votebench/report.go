package main

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"
)

// percentile of sorted latencies, as bench/loadgen takes them.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// line is one measurement: rate, latency percentiles, count, cache hits
// (when asked) and failures.
func (s sample) line(unit string, hits bool) string {
	lat := slices.Clone(s.lat)
	slices.Sort(lat)
	rate := float64(len(lat)) / s.elapsed.Seconds()
	var b strings.Builder
	fmt.Fprintf(&b, "%8.0f %s/s  p50 %6.2f ms  p90 %6.2f ms  p99 %7.2f ms  max %7.2f ms  (%d ok", rate, unit,
		ms(percentile(lat, 50)), ms(percentile(lat, 90)), ms(percentile(lat, 99)), ms(percentile(lat, 100)), len(lat))
	if hits && len(lat) > 0 {
		fmt.Fprintf(&b, ", %.1f%% cache hits", 100*float64(s.hits)/float64(len(lat)))
	}
	fmt.Fprintf(&b, ", errors: %s)\n  %-18s %s", s.failures(), "", s.cpu)
	return b.String()
}

func (s sample) failures() string {
	if len(s.fails) == 0 {
		return "none"
	}
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(s.fails)) {
		parts = append(parts, fmt.Sprintf("%s x%d", k, s.fails[k]))
	}
	return strings.Join(parts, ", ")
}

func (s sample) p99() time.Duration {
	lat := slices.Clone(s.lat)
	slices.Sort(lat)
	return percentile(lat, 99)
}

// ratio is the loaded p99 over the idle one, flagged when over the
// target of 2x.
func ratio(idle, loaded sample) string {
	r := float64(loaded.p99()) / float64(idle.p99())
	flag := ""
	if r >= 2 {
		flag = " OVER"
	}
	return fmt.Sprintf("%.2fx%s", r, flag)
}

func report(out io.Writer, o options, idle, loaded readings, v voting, c check) {
	fmt.Fprintf(out, "\nphase 1, idle (readers only):\n")
	fmt.Fprintf(out, "  %-18s %s\n", "day page, cached", idle.cached.line("req", true))
	fmt.Fprintf(out, "  %-18s %s\n", "day page, uncached", idle.uncached.line("req", false))
	fmt.Fprintf(out, "phase 2, under load (%d voting clients):\n", o.clients)
	fmt.Fprintf(out, "  %-18s %s\n", "votes", v.line("vote", false))
	fmt.Fprintf(out, "  %-18s %d upvotes, %d withdrawals\n", "", v.ups, v.downs)
	fmt.Fprintf(out, "  %-18s %s\n", "day page, cached", loaded.cached.line("req", true))
	fmt.Fprintf(out, "  %-18s %s\n", "day page, uncached", loaded.uncached.line("req", false))
	fmt.Fprintf(out, "day page p99 under load / idle (target under 2x): cached %s, uncached %s\n",
		ratio(idle.cached, loaded.cached), ratio(idle.uncached, loaded.uncached))
	c.print(out)
	if o.cpuprofile != "" {
		fmt.Fprintf(out, "cpu profiles: phase 2 %s, phase 1 %s  (go tool pprof -top -tagfocus=side=server FILE)\n", o.cpuprofile, idleProfile(o.cpuprofile))
	}
}

func (c check) print(out io.Writer) {
	if len(c.mismatches) == 0 {
		fmt.Fprintf(out, "correctness: OK (%d papers, %d accounts, %d votes standing)\n", c.papers, c.accounts, c.standing)
		return
	}
	fmt.Fprintf(out, "correctness: %d MISMATCHES (%d papers, %d accounts, %d votes standing, %d votes without an answer)\n",
		len(c.mismatches), c.papers, c.accounts, c.standing, c.unknown)
	for _, m := range c.mismatches[:min(20, len(c.mismatches))] {
		fmt.Fprintf(out, "  %s\n", m)
	}
}
