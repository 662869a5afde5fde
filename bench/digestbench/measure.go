package main

import (
	"github.com/dailypapers/dailypapers/bench/internal/machine"
	"github.com/dailypapers/dailypapers/bench/internal/profiling"

	"context"
	"fmt"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/store"
)

// phase is what one step of the digest measured.
type phase struct {
	elapsed time.Duration
	mem     memPeak
	cpu     machine.Use
}

// measurement is the planning and the sending of one run.
type measurement struct {
	run        store.Run
	plan, send phase
}

// measure plans and sends the day's digest through the real code path:
// digest.New over the store and the SMTP sender, Plan, then Send (what
// `dailypapers digest send` runs), each timed on its own, under the CPU
// profiler when asked.
func (b *bench) measure(ctx context.Context, o options) (measurement, error) {
	var m measurement
	sender, err := mail.New(mail.Config{URL: b.smtp.url, From: "Daily Papers <digest@papers.example.org>"}, b.log)
	if err != nil {
		return m, err
	}
	svc := digest.New(b.store, sender, digest.Options{
		BaseURL: "https://papers.example.org", Workers: o.workers, Rate: 0, Batch: o.batch, Lease: 2 * time.Minute, Log: b.log,
	})
	stop, err := profiling.CPU(o.cpuprofile)
	if err != nil {
		return m, err
	}
	defer stop()
	m.plan, err = timed(ctx, "plan", func(ctx context.Context) (err error) {
		m.run, err = svc.Plan(ctx, digest.Daily, b.day)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("plan: %w", err)
	}
	m.send, err = timed(ctx, "send", func(ctx context.Context) (err error) {
		stop, err := profiling.Trace(o.trace)
		if err != nil {
			return err
		}
		defer stop()
		m.run, err = svc.Send(ctx, digest.Daily, b.day)
		return err
	})
	if err != nil {
		return m, fmt.Errorf("send: %w", err)
	}
	return m, nil
}

// timed runs fn under the profiler label phase=name, after a garbage
// collection so that each phase's memory peak is its own, and measures it.
func timed(ctx context.Context, name string, fn func(context.Context) error) (phase, error) {
	runtime.GC()
	mem := startSampler()
	ticks, ok := machine.ReadTicks()
	start := time.Now()
	var err error
	pprof.Do(ctx, pprof.Labels("phase", name), func(ctx context.Context) { err = fn(ctx) })
	p := phase{elapsed: time.Since(start)}
	p.cpu = ticks.Since(ok)
	p.mem = mem.stop()
	return p, err
}
