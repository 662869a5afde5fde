package store_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// matchPapers is a small corpus for the search's matching and ranking.
var matchPapers = []paper.Paper{
	{ID: "2401.00001", Title: "Learning Graph Representations", Abstract: "We learn embeddings of nodes with neural networks.",
		Authors: []paper.Author{{Name: "Ada Lovelace"}}, Categories: []string{"cs.LG"}, PublishedAt: date("2019-03-01T00:00:00Z")},
	{ID: "2401.00002", Title: "Learned Graphs for Retrieval", Abstract: "Retrieval over a graph of documents, learned end to end.",
		Authors: []paper.Author{{Name: "Alan Turing"}}, Categories: []string{"cs.IR"}, PublishedAt: date("2021-06-01T00:00:00Z")},
	{ID: "2401.00003", Title: "Schrödinger bridges", Abstract: "Diffusion models as entropic optimal transport.",
		Authors: []paper.Author{{Name: "Erwin Schrödinger"}}, Categories: []string{"stat.ML"}, PublishedAt: date("2022-01-01T00:00:00Z")},
	{ID: "2401.00004", Title: "Optimal transport for diffusion", Abstract: "Graph diffusion and transport maps; we learn nothing here.",
		Authors: []paper.Author{{Name: "Ada Byron"}}, Categories: []string{"math.OC"}, PublishedAt: date("2023-01-01T00:00:00Z")},
}

func importMatchPapers(t *testing.T, s *store.Store) {
	t.Helper()
	var items []store.Item
	for _, p := range matchPapers {
		items = append(items, store.Item{Paper: p})
	}
	if _, err := s.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}

// TestSearchWordFormsAndBestMatch: other forms of a word match, the form as
// typed ranks above another, Unicode forms fold, and a paper lacking a word
// is still found after those with every word.
func TestSearchWordFormsAndBestMatch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		importMatchPapers(t, s)
		tests := []struct {
			q     string
			first []string // the first results, in order
			n     int      // how many results in all; -1: any
		}{
			{"learned graph representation", []string{"2401.00001"}, -1},
			{"learned graphs", []string{"2401.00002", "2401.00001"}, -1}, // as typed above another form
			{"learning graph", []string{"2401.00001", "2401.00002"}, -1},
			{"schro\u0308dinger", []string{"2401.00003"}, 1}, // decomposed finds composed
			{"SCHRÖDINGER", []string{"2401.00003"}, 1},
			{"optimal transport quasar", []string{"2401.00004", "2401.00003"}, 2}, // a missing word finds the rest
			{"diffusion transport", []string{"2401.00004", "2401.00003"}, 2},
			{"the of quasar", nil, 0},
		}
		for _, tt := range tests {
			got := searchIDs(t, s, store.SearchQuery{Text: tt.q})
			if len(got) < len(tt.first) || fmt.Sprint(got[:len(tt.first)]) != fmt.Sprint(tt.first) || tt.n >= 0 && len(got) != tt.n {
				t.Errorf("Search(%q) = %v, want %v first, %d in all", tt.q, got, tt.first, tt.n)
			}
		}
	})
}

// TestSearchQueryLanguage: phrases, exclusions, OR, fields, categories,
// years and arXiv ids.
func TestSearchQueryLanguage(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		importMatchPapers(t, s)
		tests := []struct {
			q    string
			want string // the results, in any order
		}{
			{`"optimal transport"`, "2401.00003 2401.00004"},
			{`"transport optimal"`, ""},
			{`"learned graphs"`, "2401.00002"}, // a phrase is its words as typed
			{`graph -retrieval`, "2401.00001 2401.00004"},
			{`graph -"end to end"`, "2401.00001 2401.00004"},
			{`diffusion -transports`, ""}, // an excluded word in any form
			{`retrieval OR bridges`, "2401.00002 2401.00003"},
			{`author:ada`, "2401.00001 2401.00004"},
			{`au:lovelace graph`, "2401.00001"},
			{`ti:graphs`, "2401.00001 2401.00002"},
			{`title:"optimal transport"`, "2401.00004"},
			{`abs:learn`, "2401.00001 2401.00002 2401.00004"},
			{`graph cat:cs.IR`, "2401.00002"},
			{`cat:math.OC`, "2401.00004"},
			{`graph year:2019`, "2401.00001"},
			{`graph year:2020-2023`, "2401.00002 2401.00004"},
			{`year:2021..`, "2401.00002 2401.00003 2401.00004"},
			{`2401.00003`, "2401.00003"},
			{`arXiv:2401.00003v2`, "2401.00003"},
			{`https://arxiv.org/pdf/2401.00003v1.pdf`, "2401.00003"},
			{`-graph`, ""},
		}
		for _, tt := range tests {
			got := searchIDs(t, s, store.SearchQuery{Text: tt.q})
			slices.Sort(got)
			if strings.Join(got, " ") != tt.want {
				t.Errorf("Search(%q) = %v, want %s", tt.q, got, tt.want)
			}
		}
	})
}

// TestSearchHostileQueries: every query of up to 250 characters is read,
// and none is an error.
func TestSearchHostileQueries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		importMatchPapers(t, s)
		long := strings.TrimSpace(strings.Repeat("graph ", 41)) + " bridges" // 254 characters, 42 words
		for _, q := range []string{strings.Repeat(`"-:()*^~\`, 28), strings.Repeat(`-"`, 125), "\x01\x02graph\x7f\x1b[31m",
			"au:\xff\xfe", `year:99999-`, `cat:`, `ti:"`, `-`, `OR OR OR`, `a OR`, `"a" OR -"b"`, long} {
			if _, err := s.Search(context.Background(), store.SearchQuery{Text: q}); err != nil {
				t.Errorf("Search(%q) = %v", q, err)
			}
		}
		if got := searchIDs(t, s, store.SearchQuery{Text: long}); len(got) == 0 || got[0] != "2401.00003" {
			t.Errorf("a 250-character query = %v, want the paper with both words first", got)
		}
	})
}

// TestSearchSort: newest and most upvoted keep papers with every word
// first; relevance counts upvotes only as a small prior.
func TestSearchSort(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		var items []store.Item
		for _, p := range matchPapers {
			items = append(items, store.Item{Paper: p})
		}
		items[0].Entry = &paper.Entry{Day: "2024-01-03", SubmittedAt: date("2024-01-03T00:00:00Z"), Upvotes: 40}
		items[3].Entry = &paper.Entry{Day: "2024-01-04", SubmittedAt: date("2024-01-04T00:00:00Z"), Upvotes: 2}
		if _, err := s.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ q, sort, want string }{
			{"graph", store.SortNewest, "2401.00004 2401.00002 2401.00001"},
			{"graph", store.SortUpvotes, "2401.00001 2401.00004 2401.00002"},
			{"graph learn", store.SortNewest, "2401.00004 2401.00002 2401.00001"}, // all three have both
			{"retrieval nodes", store.SortNewest, "2401.00002 2401.00001"},        // neither has both: by date
			{"cat:cs.LG OR cat:math.OC", store.SortUpvotes, "2401.00001 2401.00004"},
			{"graph", "nonsense", "2401.00001 2401.00002 2401.00004"}, // relevance
		} {
			got := searchIDs(t, s, store.SearchQuery{Text: tt.q, Sort: tt.sort})
			if strings.Join(got, " ") != tt.want {
				t.Errorf("Search(%q, sort %s) = %v, want %s", tt.q, tt.sort, got, tt.want)
			}
		}
	})
}

// TestMigrationReindexesWithStems: migration 13 builds the search index
// again from the stored papers, so a database indexed before stems finds
// other forms of words.
func TestMigrationReindexesWithStems(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		old, err := store.Open(ctx, dsn, store.Options{NoMigrate: true})
		if err != nil {
			t.Fatal(err)
		}
		defer old.Close()
		if err := old.MigrateToForTest(ctx, 12); err != nil {
			t.Fatal(err)
		}
		old.SkipVectorsForTest()
		importMatchPapers(t, old)
		// An index from before: here none at all. (A search is not tried
		// at version 12: it reads search_abbrevs, of migration 15.)
		db := rawDB(t, dsn)
		for _, q := range []string{`DELETE FROM search_pages`, `DELETE FROM search_segments`} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := old.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		if got := searchIDs(t, open(t, dsn), store.SearchQuery{Text: "learned graph representation"}); len(got) == 0 || got[0] != "2401.00001" {
			t.Errorf("after the migration: %v, want 2401.00001 first", got)
		}
	})
}

// TestSearchAbbreviationPlurals: an abbreviation finds its plural and the
// plural the abbreviation, though no paper defines it.
func TestSearchAbbreviationPlurals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		items := []store.Item{
			{Paper: paper.Paper{ID: "2401.00021", Title: "Pruning CNNs", Abstract: "Smaller networks.", PublishedAt: date("2024-01-01T00:00:00Z")}},
			{Paper: paper.Paper{ID: "2401.00022", Title: "A CNN for birds", Abstract: "Birdsong.", PublishedAt: date("2024-01-01T00:00:00Z")}},
		}
		if _, err := s.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"CNN", "cnns"} {
			if got := searchIDs(t, s, store.SearchQuery{Text: q}); len(got) != 2 {
				t.Errorf("Search(%q) = %v, want both papers", q, got)
			}
		}
	})
}
