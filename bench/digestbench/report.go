package main

import (
	"fmt"
	"io"
)

// target is the goal for sending on SQLite on this machine.
const target = 1000 // messages per second

// busyOther is how many CPUs other processes may use during sending before
// the report warns that the machine was not quiet.
const busyOther = 0.2

func mb(n uint64) float64 { return float64(n) / 1e6 }

func (m memPeak) String() string {
	hwm := "high-water mark over the whole process"
	if m.hwmOwn {
		hwm = "high-water mark of the phase"
	}
	return fmt.Sprintf("peak RSS %.0f MB (%s; sampled %.0f MB), Go heap in use %.0f MB, Go runtime from the OS %.0f MB",
		mb(m.hwm), hwm, mb(m.rss), mb(m.heapInuse), mb(m.sys))
}

func report(out io.Writer, o options, b *bench, m measurement, c check) {
	rate := float64(c.server.messages) / m.send.elapsed.Seconds()
	fmt.Fprintf(out, "\nplan: %8.3f s  %d deliveries, %d with topic picks\n", m.plan.elapsed.Seconds(), sum(c.states), c.withPicks)
	fmt.Fprintf(out, "      %d readers with an account and %d saves; %d deliveries with For you picks\n", o.forYou, forYouSaves, b.withForYou)
	fmt.Fprintf(out, "      %s\n      %s\n", m.plan.mem, m.plan.cpu)
	fmt.Fprintf(out, "send: %8.3f s  %.0f messages/s  (%d messages, %d workers)\n", m.send.elapsed.Seconds(), rate, c.server.messages, o.workers)
	fmt.Fprintf(out, "      %s\n      %s\n", m.send.mem, m.send.cpu)
	if m.send.cpu.OK && m.send.cpu.Other > busyOther {
		fmt.Fprintf(out, "      WARNING: other processes kept %.2f CPUs busy while sending: this rate is not comparable with a quiet run's\n", m.send.cpu.Other)
	}
	avg := 0.0
	if c.server.messages > 0 {
		avg = float64(c.server.bytes) / float64(c.server.messages) / 1e3
	}
	fmt.Fprintf(out, "smtp: %d messages over %d connections, %.1f kB each on average, %d distinct Message-IDs, %d duplicates\n",
		c.server.messages, c.server.conns, avg, c.server.distinct, c.server.duplicates)
	fmt.Fprintf(out, "run:  deliveries %s\n", states(c.states))
	if o.db == "sqlite" {
		verdict := "met"
		if rate < target {
			verdict = "MISSED"
		}
		fmt.Fprintf(out, "target: at least %d messages/s on SQLite: %s (%.0f)\n", target, verdict, rate)
	}
	if o.sql != "" {
		fmt.Fprintf(out, "schema experiment (-sql): %s\n", o.sql)
	}
	if c.ok() {
		fmt.Fprintf(out, "correctness: OK (every subscriber got one message under its own Message-ID; every delivery sent)\n")
	} else {
		fmt.Fprintf(out, "correctness: %d PROBLEMS\n", len(c.problems))
		for _, p := range c.problems {
			fmt.Fprintf(out, "  %s\n", p)
		}
	}
	if o.cpuprofile != "" {
		fmt.Fprintf(out, "cpu profile: %s  (go tool pprof -top -nodecount 30 [-tagfocus=phase=send] [-tagignore=side=smtpserver] FILE)\n", o.cpuprofile)
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func (b *bench) close() {
	b.smtp.close()
	b.store.Close()
}
