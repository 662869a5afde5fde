package store_test

import (
	"context"
	"testing"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchCountsMatches: a search says how many papers matched, whatever
// page it returns, through each of its paths (words, filters alone, an
// arXiv id).
func TestSearchCountsMatches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		importMatchPapers(t, s)
		tests := []struct {
			q     store.SearchQuery
			total int
			hits  int
		}{
			{store.SearchQuery{Text: "graph", Count: true}, 3, 3},
			{store.SearchQuery{Text: "graph", Count: true, Limit: 1}, 3, 1},
			{store.SearchQuery{Text: "graph", Count: true, Limit: 1, Offset: 1, Sort: store.SortNewest}, 3, 1},
			{store.SearchQuery{Text: "graph -retrieval", Count: true}, 2, 2},
			{store.SearchQuery{Text: "graph", Count: true, Categories: []string{"cs.IR"}}, 1, 1},
			{store.SearchQuery{Text: "Schrödinger bridges", Count: true}, 1, 1}, // an exact title, counted once
			{store.SearchQuery{Text: "year:2020..", Count: true, Limit: 1}, 3, 1},
			{store.SearchQuery{Text: "2401.00003", Count: true}, 1, 1},
			{store.SearchQuery{Text: "zzzqqq", Count: true}, 0, 0},
		}
		for _, tt := range tests {
			res, err := s.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if res.Total != tt.total || res.TotalIsLowerBound || len(res.Hits) != tt.hits {
				t.Errorf("Search(%+v): %d hits, total %d (lower bound %v); want %d, %d", tt.q, len(res.Hits), res.Total, res.TotalIsLowerBound, tt.hits, tt.total)
			}
		}
	})
}
