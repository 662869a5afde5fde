package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// hfDay is the feed day in a Hugging Face day file's name.
var hfDay = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})\.json$`)

// loadCorpus imports every record file under dir into st and returns the
// stored papers. Files that hold no records (recorded errors) fail to
// import and are skipped.
func loadCorpus(ctx context.Context, st *store.Store, dir string) ([]paper.Paper, error) {
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			if d != nil && d.Name() == "raw-json" {
				return filepath.SkipDir
			}
			return err
		}
		switch filepath.Ext(path) {
		case ".xml", ".json", ".jsonl":
		default:
			return nil
		}
		opts := importer.Options{}
		if m := hfDay.FindStringSubmatch(path); m != nil {
			opts.FeedDay = m[1]
		}
		f, err := os.Open(path)
		if err != nil {
			return err
		}
		defer f.Close()
		importer.Import(ctx, st, path, f, -1, opts) //nolint:errcheck // error answers hold no papers
		return nil
	})
	if err != nil {
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
