package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/search"
	"github.com/dailypapers/dailypapers/internal/store"
)

// similarK is how many similar papers are judged.
const similarK = 5

// similarSystem returns the similar papers of paper i, best first.
type similarSystem struct {
	name string
	top  func(ctx context.Context, i int) ([]int, error)
}

// similar prints, for each system, the share of the top 5 that share the
// paper's primary category and their mean plain tf-idf cosine to it.
func (e *eval) similar(ctx context.Context, out io.Writer, st *store.Store, split string, ids []int) error {
	fmt.Fprintf(out, "similar papers, %s split (%d arXiv papers; top %d):\n", split, len(ids), similarK)
	fmt.Fprintf(out, "  %-34s %9s %9s\n", "system", "same cat", "tf-idf cos")
	all, err := e.allVectors(ctx, st)
	if err != nil {
		return err
	}
	for _, sys := range []similarSystem{
		{"store.Similar (this branch)", func(ctx context.Context, i int) ([]int, error) { return e.storeSimilar(ctx, st, i) }},
		{"recs vectors, exhaustive", func(_ context.Context, i int) ([]int, error) { return e.exhaustive(all, i), nil }},
		{"plain tf-idf cosine (baseline)", func(_ context.Context, i int) ([]int, error) {
			return e.tf.rank(e.tf.vecs[i], similarK, func(d int) bool { return d == i }), nil
		}},
		{"old Similar (main)", func(ctx context.Context, i int) ([]int, error) { return e.oldSimilar(ctx, st, i) }},
	} {
		var same, n, cos float64
		for _, i := range ids {
			top, err := sys.top(ctx, i)
			if err != nil {
				return fmt.Errorf("%s: %w", sys.name, err)
			}
			for _, j := range top {
				if e.papers[j].PrimaryCategory == e.papers[i].PrimaryCategory {
					same++
				}
				cos += e.tf.cosine(i, j)
			}
			n += similarK // a short list counts its missing papers as misses
		}
		fmt.Fprintf(out, "  %-34s %8.1f%% %9.3f\n", sys.name, 100*same/n, cos/n)
	}
	fmt.Fprintln(out)
	return nil
}

func (e *eval) allVectors(ctx context.Context, st *store.Store) ([]recs.Vector, error) {
	ids := make([]string, len(e.papers))
	for i, p := range e.papers {
		ids[i] = p.ID
	}
	items, err := st.VectorsOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]recs.Vector, len(e.papers))
	for _, it := range items {
		out[e.byID[it.ID]] = it.Vec
	}
	return out, nil
}

func (e *eval) storeSimilar(ctx context.Context, st *store.Store, i int) ([]int, error) {
	sim, err := st.Similar(ctx, e.papers[i].ID, similarK)
	if err != nil {
		return nil, err
	}
	out := make([]int, len(sim))
	for k, de := range sim {
		out[k] = e.byID[de.Paper.ID]
	}
	return out, nil
}

// exhaustive ranks every paper by the cosine of its recs vector to paper
// i's: what store.Similar's inverted lookup approximates.
func (e *eval) exhaustive(all []recs.Vector, i int) []int {
	type sc struct {
		j int
		s float64
	}
	var best []sc
	for j, v := range all {
		if j == i {
			continue
		}
		if s := recs.Cosine(all[i], v); s > 0 {
			best = append(best, sc{j, s})
		}
	}
	slices.SortStableFunc(best, func(a, b sc) int {
		switch {
		case a.s > b.s:
			return -1
		case a.s < b.s:
			return 1
		}
		return 0
	})
	out := make([]int, 0, similarK)
	for _, b := range best[:min(len(best), similarK)] {
		out = append(out, b.j)
	}
	return out
}

// oldStopWords and oldSimilar are main's Similar (internal/store/trending.go
// before this branch), kept here as the baseline it is replaced against.
var oldStopWords = strings.Fields(`with from that this into over using towards toward via their your what when
	large model models learning language based approach method methods data neural network networks through beyond than more less`)

func (e *eval) oldSimilar(ctx context.Context, st *store.Store, i int) ([]int, error) {
	p := e.papers[i]
	text := p.Title + " " + strings.Join(p.AIKeywords, " ")
	var words []string
	for _, w := range search.AppendWords(nil, text) {
		if len(w) > 3 && !slices.Contains(oldStopWords, w) && !slices.Contains(words, w) && len(words) < 12 {
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return nil, nil
	}
	res, err := st.Search(ctx, store.SearchQuery{Text: strings.Join(words, " "), AnyWord: true, Exclude: p.ID, Limit: similarK})
	if err != nil {
		return nil, err
	}
	out := make([]int, len(res.Hits))
	for k, h := range res.Hits {
		out[k] = e.byID[h.Paper.ID]
	}
	return out, nil
}
