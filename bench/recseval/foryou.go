package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Simulated readers.
const (
	poolSize     = 700 // papers of the period ranked
	savedPapers  = 15  // papers a reader saved, of one category, before the month
	dismissed    = 5   // papers of other categories a reader dismissed
	precisionAt  = 20
	minInPool    = 30 // a category is a reader's only if the month has this many of it
	readersByCat = 12
)

// reader saved papers of one category and dismissed some of others; they
// rank pool, the papers of month.
type reader struct {
	cat, cat2 string // cat2: a second topic, for readers of two
	saves     []int
	dismisses []int
}

// month is the period readers rank.
type month struct {
	from, to time.Time
	pool     []int
}

var evalMonth month

// readers picks the month and its pool, and readers for the categories
// the pool has enough papers of, split into tuning and held-out halves.
func (e *eval) readers(rng *rand.Rand) (tune, held []reader) {
	byMonth := map[time.Time][]int{}
	for i, p := range e.papers {
		if p.PrimaryCategory != "" && !p.PublishedAt.IsZero() {
			m := time.Date(p.PublishedAt.Year(), p.PublishedAt.Month(), 1, 0, 0, 0, 0, time.UTC)
			byMonth[m] = append(byMonth[m], i)
		}
	}
	// No month of testdata has 700 arXiv papers: the period is the two
	// months in a row that have the most.
	for m, ps := range byMonth {
		ps = append(ps[:len(ps):len(ps)], byMonth[m.AddDate(0, 1, 0)]...)
		if len(ps) > len(evalMonth.pool) || len(ps) == len(evalMonth.pool) && m.After(evalMonth.from) {
			evalMonth = month{from: m, to: m.AddDate(0, 2, 0), pool: ps}
		}
	}
	pool := append([]int(nil), evalMonth.pool...)
	rng.Shuffle(len(pool), func(i, j int) { pool[i], pool[j] = pool[j], pool[i] })
	evalMonth.pool = pool[:min(len(pool), poolSize)]
	inPool := map[int]bool{}
	count := map[string]int{}
	for _, i := range evalMonth.pool {
		inPool[i] = true
		count[e.papers[i].PrimaryCategory]++
	}
	before := map[string][]int{} // papers of each category outside the month
	var any []int
	for i, p := range e.papers {
		if p.PrimaryCategory != "" && p.Abstract != "" && !inPool[i] && p.PublishedAt.Before(evalMonth.from) {
			before[p.PrimaryCategory] = append(before[p.PrimaryCategory], i)
			any = append(any, i)
		}
	}
	var cats []string
	for c, n := range count {
		if n >= minInPool && len(before[c]) >= 2*savedPapers {
			cats = append(cats, c)
		}
	}
	sort.Strings(cats)
	var all []reader
	for _, c := range cats {
		for range readersByCat {
			r := reader{cat: c}
			for _, k := range rng.Perm(len(before[c]))[:savedPapers] {
				r.saves = append(r.saves, before[c][k])
			}
			for len(r.dismisses) < dismissed {
				if k := any[rng.IntN(len(any))]; e.papers[k].PrimaryCategory != c {
					r.dismisses = append(r.dismisses, k)
				}
			}
			all = append(all, r)
		}
	}
	for i, c := range cats {
		for _, c2 := range cats[i+1:] {
			for range 2 {
				r := reader{cat: c, cat2: c2}
				for _, k := range rng.Perm(len(before[c]))[:8] {
					r.saves = append(r.saves, before[c][k])
				}
				for _, k := range rng.Perm(len(before[c2]))[:7] {
					r.saves = append(r.saves, before[c2][k])
				}
				rng.Shuffle(len(r.saves), func(i, j int) { r.saves[i], r.saves[j] = r.saves[j], r.saves[i] })
				for len(r.dismisses) < dismissed {
					if k := any[rng.IntN(len(any))]; e.papers[k].PrimaryCategory != c && e.papers[k].PrimaryCategory != c2 {
						r.dismisses = append(r.dismisses, k)
					}
				}
				all = append(all, r)
			}
		}
	}
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	return all[:len(all)/2], all[len(all)/2:]
}

// forYou prints the mean precision@20 of each system over the readers.
func (e *eval) forYou(ctx context.Context, out io.Writer, st *store.Store, split string, rs []reader) error {
	start := time.Now()
	cands, err := st.PeriodVectors(ctx, evalMonth.from, evalMonth.to)
	if err != nil {
		return err
	}
	took := time.Since(start)
	inPool := map[string]bool{}
	for _, i := range evalMonth.pool {
		inPool[e.papers[i].ID] = true
	}
	pool := cands[:0:0]
	for _, c := range cands {
		if inPool[c.ID] {
			pool = append(pool, c)
		}
	}
	cats := map[string]bool{}
	for _, r := range rs {
		cats[r.cat] = true
	}
	fmt.Fprintf(out, "For you, %s split: %d readers over %d categories; each ranks %d papers first published from %s (PeriodVectors: %d papers in %s)\n",
		split, len(rs), len(cats), len(pool), evalMonth.from.Format("2006-01"), len(cands), took.Round(time.Microsecond))
	fmt.Fprintf(out, "  %-44s %s\n", "system", "precision@20")
	type system struct {
		name string
		rank func(r reader) ([]string, error)
	}
	recsRank := func(saves, dismisses int) func(r reader) ([]string, error) {
		return func(r reader) ([]string, error) {
			pos, err := st.VectorsOf(ctx, e.ids(r.saves[:saves]))
			if err != nil {
				return nil, err
			}
			neg, err := st.VectorsOf(ctx, e.ids(r.dismisses[:dismisses]))
			if err != nil {
				return nil, err
			}
			var ids []string
			for _, p := range recs.Rank(pos, neg, pool, precisionAt) {
				ids = append(ids, p.ID)
			}
			return ids, nil
		}
	}
	for _, sys := range []system{
		{"recs.Rank, 15 saves", recsRank(15, 0)},
		{"recs.Rank, 15 saves + 5 dismissals", recsRank(15, 5)},
		{"recs.Rank, 5 saves", recsRank(5, 0)},
		{"recs.Rank, 3 saves", recsRank(3, 0)},
		{"plain tf-idf centroid, 15 saves (baseline)", func(r reader) ([]string, error) {
			inMonth := map[int]bool{}
			for _, i := range evalMonth.pool {
				inMonth[i] = true
			}
			top := e.tf.rank(e.tf.centroid(r.saves), precisionAt, func(d int) bool { return !inMonth[d] })
			return e.ids(top), nil
		}},
	} {
		var sum, sum2, both float64
		n2 := 0
		for _, r := range rs {
			top, err := sys.rank(r)
			if err != nil {
				return err
			}
			hits, h1, h2 := 0, 0, 0
			for _, id := range top {
				switch e.papers[e.byID[id]].PrimaryCategory {
				case r.cat:
					hits++
					h1++
				case r.cat2:
					hits++
					h2++
				}
			}
			if r.cat2 == "" {
				sum += float64(hits) / precisionAt
				continue
			}
			n2++
			sum2 += float64(hits) / precisionAt
			if h1 >= 5 && h2 >= 5 {
				both++
			}
		}
		fmt.Fprintf(out, "  %-44s %.3f   two topics %.3f, both %.2f\n", sys.name, sum/float64(len(rs)-n2), sum2/float64(n2), both/float64(n2))
	}
	fmt.Fprintln(out)
	return nil
}

func (e *eval) ids(is []int) []string {
	out := make([]string, len(is))
	for k, i := range is {
		out[k] = e.papers[i].ID
	}
	return out
}
