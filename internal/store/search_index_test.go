package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchFollowsChangedText: a newer version's words find the paper and
// the words it no longer has do not, though the old postings stay in the
// search's own index.
func TestSearchFollowsChangedText(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		v1 := paper.Paper{ID: "2401.00001", Version: 1, Title: "Quasar winds", Abstract: "Outflows.", PublishedAt: date("2024-01-02T00:00:00Z")}
		v2 := v1
		v2.Version, v2.Title = 2, "Pulsar winds"
		for _, p := range []paper.Paper{v1, v2} {
			if _, err := s.Import(ctx, []store.Item{{Paper: p}}); err != nil {
				t.Fatal(err)
			}
		}
		if got := searchIDs(t, s, store.SearchQuery{Text: "quasar"}); got != nil {
			t.Errorf("search for a word the paper lost = %v, want nothing", got)
		}
		if got := searchIDs(t, s, store.SearchQuery{Text: "pulsar winds"}); !slices.Equal(got, []string{"2401.00001"}) {
			t.Errorf("search for its new words = %v", got)
		}
		// An older version imported afterwards changes nothing.
		if _, err := s.Import(ctx, []store.Item{{Paper: v1}}); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, s, store.SearchQuery{Text: "quasar"}); got != nil {
			t.Errorf("after re-importing v1, search for its words = %v, want nothing", got)
		}
	})
}

// TestSearchManySmallImports: one paper an import (submissions, daily
// feeds) finds every paper, newest first among equals, and the index keeps
// its small segments few by merging them.
func TestSearchManySmallImports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		var want []string
		for i := 1; i <= 30; i++ {
			id := fmt.Sprintf("2401.%05d", i)
			p := paper.Paper{ID: id, Title: fmt.Sprintf("Sparse lattice study %d", i), Abstract: "Common words.",
				PublishedAt: date("2024-01-02T00:00:00Z").Add(time.Duration(i) * time.Hour)}
			if _, err := s.Import(ctx, []store.Item{{Paper: p}}); err != nil {
				t.Fatal(err)
			}
			want = append([]string{id}, want...)
		}
		got := searchIDs(t, s, store.SearchQuery{Text: "lattice sparse", Limit: 100})
		if !slices.Equal(got, want) {
			t.Errorf("search = %v\nwant     %v", got, want)
		}
		all, small, err := s.SearchSegmentsForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if small >= 8 || all > 8 {
			t.Errorf("%d segments, %d small: merging keeps fewer than 8", all, small)
		}
	})
}

// TestReindex: SQLite's migration 8 builds the index of papers stored
// before it; the searches it answers are the same as the import's index.
func TestReindex(t *testing.T) {
	ctx := context.Background()
	s := open(t, "sqlite:"+t.TempDir()+"/r.db")
	var items []store.Item
	for i := 1; i <= 12000; i++ { // more than one segment's worth
		items = append(items, store.Item{Paper: paper.Paper{ID: fmt.Sprintf("2401.%05d", i),
			Title: fmt.Sprintf("Paper %d on topic%d", i, i%7), Abstract: "An abstract with Schrödinger.", Authors: []paper.Author{{Name: fmt.Sprintf("Author%d", i%13)}}}})
	}
	if _, err := s.Import(ctx, items); err != nil {
		t.Fatal(err)
	}
	queries := []string{"topic3", "schrodinger author5", `"on topic6"`, "paper 11999", "absent"}
	before := map[string][]string{}
	for _, q := range queries {
		before[q] = searchIDs(t, s, store.SearchQuery{Text: q, Limit: 100})
	}
	if len(before["topic3"]) != 100 || len(before["absent"]) != 0 {
		t.Fatalf("before reindexing: %d and %d hits", len(before["topic3"]), len(before["absent"]))
	}
	if err := s.ReindexForTest(ctx); err != nil {
		t.Fatal(err)
	}
	all, _, err := s.SearchSegmentsForTest(ctx)
	if err != nil || all != 3 {
		t.Errorf("reindexed into %d segments (%v), want 3 of 5,000 papers at most", all, err)
	}
	for _, q := range queries {
		if got := searchIDs(t, s, store.SearchQuery{Text: q, Limit: 100}); !slices.Equal(got, before[q]) {
			t.Errorf("after reindexing, %q = %v\nbefore: %v", q, got, before[q])
		}
	}
}

// TestSearchAfterTierMerge: eight bulk batches merge into one segment of the
// next tier (streamed page by page), and every paper is still found.
func TestSearchAfterTierMerge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const batches, per = 9, 4100
		for b := range batches {
			items := make([]store.Item, per)
			for i := range items {
				n := b*per + i
				items[i] = store.Item{Paper: paper.Paper{ID: fmt.Sprintf("2401.%05d", n), Title: fmt.Sprintf("Batch%d paper p%d", b, n),
					Abstract: "Shared words in every abstract.", PublishedAt: date("2024-01-02T00:00:00Z")}}
			}
			if _, err := s.Import(ctx, items); err != nil {
				t.Fatal(err)
			}
		}
		all, small, err := s.SearchSegmentsForTest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if all != 2 || small != 0 {
			t.Errorf("%d segments (%d small), want the first eight batches merged into one beside the ninth", all, small)
		}
		for _, tt := range []struct {
			q    string
			want int
		}{{"batch0", 100}, {"batch7 paper", 100}, {"batch8", 100}, {"p12345", 1}, {"p36900", 0}} {
			if got := searchIDs(t, s, store.SearchQuery{Text: tt.q, Limit: 100}); len(got) != tt.want {
				t.Errorf("search %q: %d hits, want %d", tt.q, len(got), tt.want)
			}
		}
		// Best match: the paper with every word first, then papers with some.
		for q, want := range map[string]string{"p36899 shared": "2401.36899", "batch4 p20000": "2401.20000"} {
			if got := searchIDs(t, s, store.SearchQuery{Text: q}); len(got) < 2 || got[0] != want {
				t.Errorf("search %q = %v, want %s first and more after", q, got, want)
			}
		}
	})
}
