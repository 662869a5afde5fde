package storetest

import (
	"context"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
)

// SearchBenchEnv names the large database search benchmarks read: a SQLite
// file or a PostgreSQL DSN, such as the one bench/readbench makes
// (go run ./bench/readbench -n 100000 -db sqlite -dir /tmp/rb makes
// /tmp/rb/read-100000.db). Opening it migrates it.
const SearchBenchEnv = "DAILYPAPERS_SEARCH_BENCH_DB"

// OpenSearchBench opens the database SearchBenchEnv names, or skips the
// benchmark when it names none.
func OpenSearchBench(b *testing.B) *store.Store {
	b.Helper()
	dsn := os.Getenv(SearchBenchEnv)
	if dsn == "" {
		b.Skip(SearchBenchEnv + " is not set")
	}
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// TitleWords returns the words of four letters or more of the titles of
// the newest 2,000 papers, lower-cased: what search benchmarks draw their
// queries from, as readbench does.
func TitleWords(b *testing.B, s *store.Store) []string {
	b.Helper()
	page, err := s.ListPapers(context.Background(), "", 2000)
	if err != nil {
		b.Fatal(err)
	}
	var out []string
	for _, p := range page.Papers {
		for _, w := range strings.Fields(strings.ToLower(p.Title)) {
			if w = strings.Trim(w, ".,:;()[]?!\"'$\\{}"); len(w) >= 4 {
				out = append(out, w)
			}
		}
	}
	if len(out) == 0 {
		b.Fatal("no titles")
	}
	return out
}

// ProcessCPU is the CPU time the process has used, user and system: on a
// shared machine it varies less than the time a benchmark takes.
func ProcessCPU(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
