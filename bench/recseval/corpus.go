package main

import (
	"context"
	"os"

	"github.com/dailypapers/dailypapers/bench/internal/testcorpus"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// loadCorpus imports every record file under dir into st, computes their
// vectors and returns the stored papers. Files that hold no records (recorded errors) fail to
// import and are skipped.
func loadCorpus(ctx context.Context, st *store.Store, dir string) ([]paper.Paper, error) {
	files, err := testcorpus.Files(dir)
	if err != nil {
		return nil, err
	}
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		importer.Import(ctx, st, path, f, -1, importer.Options{FeedDay: testcorpus.FeedDay(path)}) //nolint:errcheck // error answers hold no papers
		f.Close()
	}
	// Imports leave new papers' vectors to the background worker, as serve
	// runs it; the measures need them all.
	if _, err := st.BackfillVectors(ctx, 1000); err != nil {
		return nil, err
	}
	var out []paper.Paper
	for cursor := ""; ; {
		page, err := st.ListPapers(ctx, cursor, 1000)
		if err != nil {
			return nil, err
		}
		out = append(out, page.Papers...)
		if page.Next == "" {
			return out, nil
		}
		cursor = page.Next
	}
}
