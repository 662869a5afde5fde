package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
)

// latency prints the p50 and p99 of store.Similar over the papers ids, and
// of one For you list against a week of papers: a reader's 15 saves, and a
// reader with the most signals For you reads.
func (e *eval) latency(ctx context.Context, out io.Writer, st *store.Store, ids []int) error {
	var sim []time.Duration
	cpu := cpuTime()
	for range 2 {
		for _, i := range ids {
			start := time.Now()
			if _, err := st.Similar(ctx, e.papers[i].ID, 6); err != nil {
				return err
			}
			sim = append(sim, time.Since(start))
		}
	}
	simCPU := (cpuTime() - cpu) / time.Duration(len(sim))
	weekEnd := evalMonth.from.AddDate(0, 0, 7)
	forYou := func(saves []int) (time.Duration, int, error) {
		start := time.Now()
		pos, err := st.VectorsOf(ctx, e.ids(saves))
		if err != nil {
			return 0, 0, err
		}
		cands, err := st.PeriodVectors(ctx, evalMonth.from, weekEnd)
		if err != nil {
			return 0, 0, err
		}
		recs.Rank(pos, nil, cands, 50)
		return time.Since(start), len(cands), nil
	}
	// Readers of 15 saves, and readers with as many signals as For you
	// reads (foryou reads at most 200 saves and 200 upvotes).
	var fy, heavy []time.Duration
	week := 0
	for k := 0; k+savedPapers <= len(ids); k += savedPapers {
		took, n, err := forYou(ids[k : k+savedPapers])
		if err != nil {
			return err
		}
		fy, week = append(fy, took), n
	}
	for k := range 5 {
		saves := make([]int, 400)
		for i := range saves {
			saves[i] = (k*400 + i*7) % len(e.papers)
		}
		took, _, err := forYou(saves)
		if err != nil {
			return err
		}
		heavy = append(heavy, took)
	}
	fmt.Fprintf(out, "speed: Similar p50 %s p99 %s, %s of CPU a call (%d calls)\n",
		pct(sim, 50), pct(sim, 99), simCPU.Round(10*time.Microsecond), len(sim))
	fmt.Fprintf(out, "  For you over a week of %d papers: 15 saves p50 %s p99 %s (%d lists); 400 signals p50 %s max %s (%d lists)\n\n",
		week, pct(fy, 50), pct(fy, 99), len(fy), pct(heavy, 50), pct(heavy, 100), len(heavy))
	return nil
}

func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[min(len(s)-1, len(s)*p/100)].Round(10 * time.Microsecond)
}

// scaleUp grows the store to n papers made of the real ones' text (a real
// title, and six sentences of real abstracts), timing the import and the
// backfill of the new papers' vectors, then times Similar and For you again.
func (e *eval) scaleUp(ctx context.Context, out io.Writer, st *store.Store, rng *rand.Rand, n int, ids []int) error {
	var sentences []string
	for _, p := range e.papers {
		sentences = append(sentences, strings.SplitAfter(p.Abstract, ". ")...)
	}
	// New papers are first published over the weeks before the end of the
	// week For you is timed on, about 5,000 a week as on arXiv.
	weekEnd := evalMonth.from.AddDate(0, 0, 7)
	span := time.Duration(max(1, (n-len(e.papers))/5000)) * 7 * 24 * time.Hour
	start := time.Now()
	made := 0
	for have := len(e.papers); have < n; {
		batch := make([]store.Item, 0, 1000)
		for range min(1000, n-have) {
			src := e.papers[rng.IntN(len(e.papers))]
			var abs strings.Builder
			for range 6 {
				abs.WriteString(sentences[rng.IntN(len(sentences))])
			}
			made++
			batch = append(batch, store.Item{Paper: paper.Paper{
				ID: fmt.Sprintf("9%03d.%05d", made/100000, made%100000), Title: src.Title, Abstract: abs.String(),
				PrimaryCategory: src.PrimaryCategory, PublishedAt: weekEnd.Add(-time.Duration(rng.Int64N(int64(span)))),
			}})
		}
		if _, err := st.Import(ctx, batch); err != nil {
			return err
		}
		have += len(batch)
	}
	took := time.Since(start)
	fmt.Fprintf(out, "scale: grew the store to %d papers; importing %d took %s (%.0f papers/s)\n",
		n, made, took.Round(time.Millisecond), float64(made)/took.Seconds())
	// Imports leave the new papers' vectors to the background worker: time
	// it as serve runs it, then the reads over the grown store.
	start = time.Now()
	done, err := st.BackfillVectors(ctx, 1000)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backfill of the %d new papers: %d counted, %d vectorised in %s\n",
		made, done.Counted, done.Vectorised, time.Since(start).Round(time.Millisecond))
	return e.latency(ctx, out, st, ids)
}

// cpuTime is the CPU time the process has used: on a machine shared with
// other work, wall times measure the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) //nolint:errcheck // RUSAGE_SELF cannot fail
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
