package importer_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/kagglegen"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// kaggleSnapshot generates n snapshot records from the real ones.
func kaggleSnapshot(b *testing.B, n int) []byte {
	b.Helper()
	f, err := os.Open("../../testdata/kaggle/snapshot-head-200-lines.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	seeds, err := kagglegen.Seeds(f)
	if err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	if err := kagglegen.Write(&buf, seeds, n); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkImportKaggle imports 20,000 generated snapshot records into a
// fresh database per iteration; the full-size measurement is bench/importbench.
func BenchmarkImportKaggle(b *testing.B) {
	const n = 20000
	data := kaggleSnapshot(b, n)
	for _, kind := range storetest.Kinds {
		b.Run(kind, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				s := openStoreB(b, storetest.DSN(b, kind))
				b.StartTimer()
				sum, err := importer.Import(context.Background(), s, "bench.jsonl", bytes.NewReader(data), -1, importer.Options{})
				if err != nil || sum.New != n {
					b.Fatalf("import: %+v, %v", sum, err)
				}
				b.StopTimer()
				s.Close()
				b.StartTimer()
			}
			b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "records/s")
		})
	}
}
