package storetest

import (
	"context"
	"os"
	"testing"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
)

// HFDay is the path of a real Hugging Face daily_papers response in
// testdata, as seen from a package directory two levels below the root.
func HFDay(day string) string {
	return "../../testdata/hf/daily_papers/daily_papers-" + day + ".json"
}

// ImportFile imports a file into s, failing the test if the import fails.
func ImportFile(t testing.TB, s *store.Store, path string, opts importer.Options) importer.Summary {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sum, err := importer.Import(context.Background(), s, path, f, -1, opts)
	if err != nil {
		t.Fatalf("import %s: %v", path, err)
	}
	return sum
}
