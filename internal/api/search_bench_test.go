package api_test

import (
	"context"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/dailypapers/dailypapers/internal/store"
)

// BenchmarkAPISearch times GET /api/papers/search as bench/readbench asks
// it (20 hits, counted), in process: the store's search, the entries, the
// JSON. It needs a large database, DAILYPAPERS_SEARCH_BENCH_DB (for
// example readbench's), and reports the CPU time a search costs.
func BenchmarkAPISearch(b *testing.B) {
	dsn := os.Getenv("DAILYPAPERS_SEARCH_BENCH_DB")
	if dsn == "" {
		b.Skip("DAILYPAPERS_SEARCH_BENCH_DB is not set")
	}
	ctx := context.Background()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	mux := http.NewServeMux()
	api.New(st, api.Options{BaseURL: "https://papers.example.org", Log: slog.New(slog.DiscardHandler)}).Register(mux)
	page, err := st.ListPapers(ctx, "", 2000)
	if err != nil {
		b.Fatal(err)
	}
	var words []string
	for _, p := range page.Papers {
		for _, w := range strings.Fields(p.Title) {
			if len(w) >= 4 && !strings.ContainsAny(w, "$\\{}()") {
				words = append(words, strings.ToLower(strings.Trim(w, ".,:;")))
			}
		}
	}
	rng := rand.New(rand.NewPCG(7, 8))
	search := func() {
		q := make([]string, 1+rng.IntN(3))
		for i := range q {
			q[i] = words[rng.IntN(len(words))]
		}
		rec := httptest.NewRecorder()
		mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/papers/search?limit=20&q="+url.QueryEscape(strings.Join(q, " ")), nil))
		if rec.Code != http.StatusOK {
			b.Fatalf("search: %d %s", rec.Code, rec.Body)
		}
	}
	for range 200 { // warm: the filters, the caches
		search()
	}
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cpuNow(b)
	for range b.N {
		search()
	}
	b.ReportMetric(float64(cpuNow(b)-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}

// cpuNow is the CPU time the process has used, user and system.
func cpuNow(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
