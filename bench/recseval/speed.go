package main

import (
	"context"
	"database/sql"
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
// of one For you list: a reader's 15 saves against a week of papers.
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
	var fy []time.Duration
	weekEnd := evalMonth.from.AddDate(0, 0, 7)
	for k := 0; k+savedPapers <= len(ids); k += savedPapers {
		start := time.Now()
		pos, err := st.VectorsOf(ctx, e.ids(ids[k:k+savedPapers]))
		if err != nil {
			return err
		}
		cands, err := st.PeriodVectors(ctx, evalMonth.from, weekEnd)
		if err != nil {
			return err
		}
		recs.Rank(pos, nil, cands, 50)
		fy = append(fy, time.Since(start))
	}
	fmt.Fprintf(out, "speed: Similar p50 %s p99 %s, %s of CPU a call (%d calls); one For you list over a week p50 %s p99 %s (%d lists)\n\n",
		pct(sim, 50), pct(sim, 99), simCPU.Round(10*time.Microsecond), len(sim), pct(fy, 50), pct(fy, 99), len(fy))
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
// title, and sentences of two real abstracts), timing the import with its
// vectors, then times Similar and For you again, and the backfill of a
// store of n papers without vectors.
func (e *eval) scaleUp(ctx context.Context, out io.Writer, st *store.Store, path string, rng *rand.Rand, n int, ids []int) error {
	var sentences []string
	for _, p := range e.papers {
		sentences = append(sentences, strings.SplitAfter(p.Abstract, ". ")...)
	}
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
				PrimaryCategory: src.PrimaryCategory, PublishedAt: src.PublishedAt.Add(-time.Duration(rng.IntN(1e6)) * time.Hour),
			}})
		}
		if _, err := st.Import(ctx, batch); err != nil {
			return err
		}
		have += len(batch)
	}
	took := time.Since(start)
	fmt.Fprintf(out, "scale: grew the store to %d papers; importing %d took %s (%.0f papers/s, vectors included)\n",
		n, made, took.Round(time.Millisecond), float64(made)/took.Seconds())
	if err := e.latency(ctx, out, st, ids); err != nil {
		return err
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range []string{`DELETE FROM vector_postings`, `DELETE FROM paper_vectors`, `DELETE FROM rec_terms`, `UPDATE rec_corpus SET docs = 0`} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	start = time.Now()
	done, err := st.BackfillVectors(ctx, 1000)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "backfill of %d papers without vectors: %d counted, %d vectorised in %s\n",
		n, done.Counted, done.Vectorised, time.Since(start).Round(time.Millisecond))
	return nil
}

// cpuTime is the CPU time the process has used: on a machine shared with
// other work, wall times measure the neighbours too.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru) //nolint:errcheck // RUSAGE_SELF cannot fail
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
