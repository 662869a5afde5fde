package api_test

import (
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// BenchmarkAPISearch times GET /api/papers/search as bench/readbench asks
// it (20 hits, counted), in process: the store's search, the entries, the
// JSON. It needs a large database, named by DAILYPAPERS_SEARCH_BENCH_DB
// (storetest.SearchBenchEnv), and reports the CPU time a search costs.
func BenchmarkAPISearch(b *testing.B) {
	st := storetest.OpenSearchBench(b)
	mux := http.NewServeMux()
	api.New(st, api.Options{BaseURL: "https://papers.example.org", Log: slog.New(slog.DiscardHandler)}).Register(mux)
	words := storetest.TitleWords(b, st)
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
	cpu0 := storetest.ProcessCPU(b)
	for range b.N {
		search()
	}
	b.ReportMetric(float64(storetest.ProcessCPU(b)-cpu0)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
}
