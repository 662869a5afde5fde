package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dailypapers/dailypapers/bench/internal/testcorpus"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
)

// corpus is every paper imported from the project's testdata, with the
// kind of source each was first read from.
type corpus struct {
	papers  []paper.Paper     // newest first, as the store lists them
	byID    map[string]int    // index into papers
	source  map[string]string // paper id → "oai", "hf", "kaggle", "arxiv-api", "rss"
	files   int
	records int // records read, counting a paper once for each file that has it
}

// sourceKind names the kind of source a testdata file is, by its folder.
func sourceKind(dir, path string) string {
	rel, err := filepath.Rel(dir, path)
	if err != nil {
		return "other"
	}
	return strings.Split(filepath.ToSlash(rel), "/")[0]
}

// loadCorpus imports every record file under dir into st with the
// project's importer, notes where each paper came from, and reads the
// stored papers back.
func loadCorpus(ctx context.Context, st *store.Store, dir string) (*corpus, error) {
	files, err := testcorpus.Files(dir)
	if err != nil {
		return nil, err
	}
	c := &corpus{byID: map[string]int{}, source: map[string]string{}}
	for _, path := range files {
		ok, err := c.importFile(ctx, st, dir, path)
		if err != nil {
			return nil, err
		}
		if ok {
			c.files++
		}
	}
	cursor := ""
	for {
		page, err := st.ListPapers(ctx, cursor, 1000)
		if err != nil {
			return nil, err
		}
		for _, p := range page.Papers {
			c.byID[p.ID] = len(c.papers)
			c.papers = append(c.papers, p)
		}
		if page.Next == "" {
			return c, nil
		}
		cursor = page.Next
	}
}

// importFile imports one file, skipping files that hold no records (the
// recorded OAI and API errors). It reports whether the file was imported.
func (c *corpus) importFile(ctx context.Context, st *store.Store, dir, path string) (bool, error) {
	kind := sourceKind(dir, path)
	opts := importer.Options{}
	if day := testcorpus.FeedDay(path); day != "" && kind == "hf" {
		opts.FeedDay = day
	}
	ids, format, err := recordIDs(ctx, path, opts)
	if len(ids) == 0 {
		return false, nil // an error answer or an empty page: nothing to search
	}
	if err != nil {
		return false, fmt.Errorf("parse %s: %w", path, err)
	}
	c.records += len(ids)
	for _, id := range ids {
		if _, seen := c.source[id]; !seen {
			c.source[id] = kind
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	if _, err := importer.Import(ctx, st, path, f, -1, opts); err != nil {
		return false, fmt.Errorf("import %s (%s): %w", path, format, err)
	}
	return true, nil
}

// recordIDs parses a file with the project's parsers and returns the ids
// of its records.
func recordIDs(ctx context.Context, path string, opts importer.Options) ([]string, source.Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", err
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	format, err := source.Detect(br)
	if err != nil {
		return nil, "", err
	}
	var ids []string
	err = source.Parse(ctx, format, br, source.Options{File: path, FeedDay: opts.FeedDay}, source.Handler{
		Record: func(r source.Record) error {
			ids = append(ids, r.Paper.ID)
			return nil
		},
	})
	return ids, format, err
}
