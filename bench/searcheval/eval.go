package main

import (
	"context"

	"github.com/dailypapers/dailypapers/internal/store"
)

// system is a search engine measured: it returns the ids of the papers it
// finds for a query, best first.
type system interface {
	Name() string
	Search(ctx context.Context, text string) ([]string, error)
}

// storeSystem is the project's own search, called as the search page calls
// it (the default ranking, a page of 51 results), read to the cutoff.
type storeSystem struct {
	name string
	st   *store.Store
}

func (s storeSystem) Name() string { return s.name }

func (s storeSystem) Search(ctx context.Context, text string) ([]string, error) {
	res, err := s.st.Search(ctx, store.SearchQuery{Text: text, Limit: 51})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.Paper.ID
	}
	return ids, nil
}

func (b *ftsBaseline) Name() string { return "SQLite FTS5, porter, bm25, any word" }

func (b *ftsBaseline) Search(ctx context.Context, text string) ([]string, error) {
	return b.search(ctx, text, 51)
}

// systemResult is one system's scores by kind and over all kinds.
type systemResult struct {
	System string           `json:"system"`
	Kinds  map[string]score `json:"kinds"`
	All    score            `json:"all"`
	// Misses are a few queries whose target was not in the first results.
	Misses []miss `json:"misses,omitempty"`
}

type miss struct {
	Kind    string `json:"kind"`
	PaperID string `json:"paper_id"`
	Query   string `json:"query"`
	Results int    `json:"results"`
}

// evaluate runs the queries of the chosen kinds on sys.
func evaluate(ctx context.Context, sys system, qs []query, kinds []string) (systemResult, error) {
	res := systemResult{System: sys.Name(), Kinds: map[string]score{}}
	byKind := map[string][]outcome{}
	var all []outcome
	want := map[string]bool{}
	for _, k := range kinds {
		want[k] = true
	}
	for _, q := range qs {
		if !want[q.Kind] {
			continue
		}
		ids, err := sys.Search(ctx, q.Text)
		if err != nil {
			return res, err
		}
		o := outcome{Rank: rankOf(ids[:min(len(ids), cutoff)], q.PaperID), Results: len(ids)}
		byKind[q.Kind] = append(byKind[q.Kind], o)
		all = append(all, o)
		if o.Rank == 0 && countKind(res.Misses, q.Kind) < 5 {
			res.Misses = append(res.Misses, miss{q.Kind, q.PaperID, q.Text, o.Results})
		}
	}
	for k, outs := range byKind {
		res.Kinds[k] = scoreOf(outs)
	}
	res.All = scoreOf(all)
	return res, nil
}

func countKind(ms []miss, kind string) int {
	n := 0
	for _, m := range ms {
		if m.Kind == kind {
			n++
		}
	}
	return n
}
