package store_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// BenchmarkSearch times store.Search on a large database, warm, every query
// distinct: one to five words drawn from the titles of the database, as
// bench/readbench draws them. It needs a database, named by
// DAILYPAPERS_SEARCH_BENCH_DB (storetest.SearchBenchEnv).
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	s := storetest.OpenSearchBench(b)
	words := storetest.TitleWords(b, s)
	rng := rand.New(rand.NewPCG(5, 6))
	query := func() string {
		w := make([]string, 1+rng.IntN(5))
		for i := range w {
			w[i] = words[rng.IntN(len(words))]
		}
		return strings.Join(w, " ")
	}
	for range 200 { // warm: the filters, the caches
		if _, err := s.Search(ctx, store.SearchQuery{Text: query()}); err != nil {
			b.Fatal(err)
		}
	}
	// The site's search page ranks a page; the API's also counts every
	// match (up to search.MaxCounted), as readbench's searches do.
	for _, count := range []bool{false, true} {
		b.Run(map[bool]string{false: "page", true: "count"}[count], func(b *testing.B) {
			b.ReportAllocs()
			cpu0 := storetest.ProcessCPU(b)
			for range b.N {
				if _, err := s.Search(ctx, store.SearchQuery{Text: query(), Count: count}); err != nil {
					b.Fatal(err)
				}
			}
			// The CPU time a search costs, the process's (the database's
			// too, on SQLite): on a shared machine it varies less than the
			// time it takes.
			b.ReportMetric(float64(storetest.ProcessCPU(b)-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}
