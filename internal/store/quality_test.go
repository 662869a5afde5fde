package store_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchExactTitleFirst: for a few hundred real papers, searching a
// paper's exact title puts that paper first.
func TestSearchExactTitleFirst(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		for _, name := range []string{
			"oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml",
			"arxiv-api/arxivpy-golden-2026/q_testing_s0_m100_cfe7536492ca.xml",
		} {
			f, err := os.Open(filepath.Join("../../testdata", name))
			if err != nil {
				t.Fatal(err)
			}
			_, err = importer.Import(ctx, s, name, f, -1, importer.Options{})
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		page, err := s.ListPapers(ctx, "", 1000)
		if err != nil {
			t.Fatal(err)
		}
		checked, missed := 0, 0
		for i, p := range page.Papers {
			if i%3 != 0 { // every third paper: a few hundred searches
				continue
			}
			checked++
			res, err := s.Search(ctx, store.SearchQuery{Text: p.Title, Limit: 5})
			if err != nil {
				t.Fatal(err)
			}
			hits := res.Hits
			if len(hits) == 0 || hits[0].Paper.Title != p.Title {
				missed++
				if missed <= 5 {
					got := "nothing"
					if len(hits) > 0 {
						got = hits[0].Paper.ID + " " + hits[0].Paper.Title
					}
					t.Errorf("search for the title of %s %q found %s first", p.ID, p.Title, got)
				}
			}
		}
		if checked < 300 {
			t.Errorf("only %d titles checked", checked)
		}
		if missed > 0 {
			t.Errorf("%d of %d exact-title searches did not find the paper first", missed, checked)
		}
	})
}
