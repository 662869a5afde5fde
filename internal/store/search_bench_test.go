package store_test

import (
	"context"
	"math/rand/v2"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
)

// BenchmarkSearch times store.Search on a large database, warm, every query
// distinct: one to five words drawn from the titles of the database, as
// bench/readbench draws them. It needs a database, given by
// DAILYPAPERS_SEARCH_BENCH_DB (a SQLite file or a PostgreSQL DSN), which
// readbench makes: go run ./bench/readbench -n 100000 -db sqlite -dir /tmp/rb
// makes /tmp/rb/read-100000.db. Copy it first: opening migrates it.
func BenchmarkSearch(b *testing.B) {
	dsn := os.Getenv("DAILYPAPERS_SEARCH_BENCH_DB")
	if dsn == "" {
		b.Skip("DAILYPAPERS_SEARCH_BENCH_DB is not set")
	}
	ctx := context.Background()
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	words := benchTitleWords(b, s)
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
			cpu0 := processCPU(b)
			for range b.N {
				if _, err := s.Search(ctx, store.SearchQuery{Text: query(), Count: count}); err != nil {
					b.Fatal(err)
				}
			}
			// The CPU time a search costs, the process's (the database's
			// too, on SQLite): on a shared machine it varies less than the
			// time it takes.
			b.ReportMetric(float64(processCPU(b)-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
		})
	}
}

// processCPU is the CPU time the process has used, user and system.
func processCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchTitleWords returns the words of the titles of the newest papers,
// those of four letters or more.
func benchTitleWords(b *testing.B, s *store.Store) []string {
	b.Helper()
	page, err := s.ListPapers(context.Background(), "", 2000)
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, p := range page.Papers {
		for _, w := range strings.Fields(strings.ToLower(p.Title)) {
			if w = strings.Trim(w, ".,:;()[]?!\"'"); len(w) >= 4 {
				out = append(out, w)
			}
		}
	}
	if len(out) == 0 {
		b.Fatal("no titles")
	}
	return out
}
