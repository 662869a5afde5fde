package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

func searchIDs(t *testing.T, s *store.Store, q store.SearchQuery) []string {
	t.Helper()
	res, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, h.Paper.ID)
	}
	return ids
}

func TestSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		papers := []paper.Paper{
			{ID: "2401.00001", Title: "Attention Is All You Need", Abstract: "We propose the Transformer.",
				Authors: []paper.Author{{Name: "Ashish Vaswani"}}, Categories: []string{"cs.CL"}, PublishedAt: date("2024-01-02T00:00:00Z")},
			{ID: "2401.00002", Title: "Graph networks", Abstract: "Attention over graphs is all we need here.",
				Authors: []paper.Author{{Name: "Petar Veličković"}}, Categories: []string{"cs.LG", "stat.ML"}, PublishedAt: date("2024-01-05T00:00:00Z")},
			{ID: "2401.00003", Title: "Diffusion models beat GANs", Abstract: "Image synthesis.",
				Authors: []paper.Author{{Name: "Prafulla Dhariwal"}}, Categories: []string{"cs.CV"}, PublishedAt: date("2024-02-01T00:00:00Z")},
		}
		var items []store.Item
		for _, p := range papers {
			items = append(items, store.Item{Paper: p})
		}
		items[0].Entry = &paper.Entry{Day: "2024-01-03", SubmittedAt: date("2024-01-03T00:00:00Z"), Upvotes: 5}
		if _, err := s.Import(ctx, items); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			q    store.SearchQuery
			want []string
		}{
			{store.SearchQuery{Text: "attention"}, []string{"2401.00001", "2401.00002"}}, // title above abstract
			{store.SearchQuery{Text: "Attention Is All You Need"}, []string{"2401.00001", "2401.00002"}},
			{store.SearchQuery{Text: "graphs attention"}, []string{"2401.00002", "2401.00001"}}, // every word first
			{store.SearchQuery{Text: `"all you need"`}, []string{"2401.00001"}},
			{store.SearchQuery{Text: "vaswani"}, []string{"2401.00001"}},
			{store.SearchQuery{Text: "velickovic"}, []string{"2401.00002"}}, // diacritics folded
			{store.SearchQuery{Text: "Veličković"}, []string{"2401.00002"}},
			{store.SearchQuery{Text: "attention", Categories: []string{"stat.ML"}}, []string{"2401.00002"}},
			{store.SearchQuery{Text: "attention", From: "2024-01-03", To: "2024-01-31"}, []string{"2401.00002"}},
			// Day bounds include the whole of their days, midnight too, and
			// nothing of the next (SQLite once compared stored times as text
			// with differently written bounds, which moved them by a day).
			{store.SearchQuery{Text: "attention", From: "2024-01-05", To: "2024-01-05"}, []string{"2401.00002"}},
			{store.SearchQuery{Text: "attention", From: "2024-01-02", To: "2024-01-02"}, []string{"2401.00001"}},
			{store.SearchQuery{Text: "attention", To: "2024-01-04"}, []string{"2401.00001"}},
			{store.SearchQuery{Text: "attention year:2024"}, []string{"2401.00001", "2401.00002"}},
			{store.SearchQuery{Text: "nothing matches this"}, nil},
		}
		for _, tt := range tests {
			// Both databases search with the store's own index, so they
			// answer alike: best match, diacritics folded, words stemmed.
			got := searchIDs(t, s, tt.q)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("Search(%+v) = %v, want %v", tt.q, got, tt.want)
			}
		}
		res, _ := s.Search(ctx, store.SearchQuery{Text: "transformer"})
		hits := res.Hits
		if len(hits) != 1 || hits[0].Entry == nil || hits[0].Entry.Entry.Upvotes != 5 {
			t.Errorf("hit without its feed entry: %+v", hits)
		}
	})
}

// TestSearchHostileInput: whatever a reader types is a query, never an error.
func TestSearchHostileInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if _, err := s.Import(context.Background(), []store.Item{{Paper: paper.Paper{ID: "2401.00001", Title: "NEAR and OR and NOT", Abstract: "x"}}}); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`"`, `""`, `"unbalanced`, `NEAR(a b)`, `a NEAR b`, `*`, `a*`, `-a`, `a -b`, `title:a`,
			`(a OR b`, `a)`, `\`, `\\"`, `'; DROP TABLE papers; --`, `%_`, `^a`, `a:b:c`, `{a b}`, `NOT`, `AND OR`,
			"\x00", "😀", "   ", "a & b | !c", "<->", "'a':*"} {
			if _, err := s.Search(context.Background(), store.SearchQuery{Text: q, Categories: []string{`%"'\`}}); err != nil {
				t.Errorf("Search(%q) = %v", q, err)
			}
			if _, err := s.Search(context.Background(), store.SearchQuery{Text: q}); err != nil {
				t.Errorf("Search(%q) = %v", q, err)
			}
		}
		if got := searchIDs(t, s, store.SearchQuery{Text: "NEAR OR"}); len(got) != 1 {
			t.Errorf("operator words are words: %v", got)
		}
	})
}

// TestSearchHugeInput: a query of any size, with any number of categories
// (as many as a 1 MB address holds), or categories holding bytes no
// database takes, is a search like any other, not a database error.
func TestSearchHugeInput(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if _, err := s.Import(context.Background(), []store.Item{{Paper: paper.Paper{ID: "2401.00001", Title: "Graph attention",
			Abstract: "x", Categories: []string{"cs.LG"}}}}); err != nil {
			t.Fatal(err)
		}
		many := make([]string, 60000)
		for i := range many {
			many[i] = fmt.Sprintf("c%d", i)
		}
		same := make([]string, 60000)
		for i := range same {
			same[i] = "cs.LG"
		}
		tests := []struct {
			name string
			q    store.SearchQuery
			want int
		}{
			{"60000 categories", store.SearchQuery{Text: "graph", Categories: many}, 0},
			{"one category 60000 times", store.SearchQuery{Text: "graph", Categories: same}, 1},
			{"NUL and broken UTF-8 in categories", store.SearchQuery{Text: "graph", Categories: []string{"cs\x00LG", "\xff\xfe", "cs.LG"}}, 1},
			{"a query of 1 MB", store.SearchQuery{Text: strings.Repeat("graph ", 1<<20/6)}, 1},
			{"a word of 1 MB", store.SearchQuery{Text: strings.Repeat("g", 1<<20)}, 0},
		}
		for _, tt := range tests {
			res, err := s.Search(context.Background(), tt.q)
			if err != nil || len(res.Hits) != tt.want {
				t.Errorf("%s: %d hits, %.200v; want %d", tt.name, len(res.Hits), err, tt.want)
			}
		}
	})
}
