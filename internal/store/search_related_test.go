package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchExpandsAbbreviations: once enough papers define an
// abbreviation, a search for it also finds a paper that only spells it
// out, and a search for the long form a paper that only abbreviates, each
// below a paper with the words as typed; one paper's definition is not
// enough.
func TestSearchExpandsAbbreviations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		var items []store.Item
		add := func(id, title, abstract string) {
			items = append(items, store.Item{Paper: paper.Paper{ID: id, Title: title, Abstract: abstract,
				Authors: []paper.Author{{Name: "A. Writer"}}, Categories: []string{"cs.CL"}, PublishedAt: date("2024-01-02T00:00:00Z")}})
		}
		for i := range 3 {
			add(fmt.Sprintf("2401.0000%d", i+1), fmt.Sprintf("Definer %d", i), "Large language models (LLMs) answer questions; we study their tokenizers.")
		}
		add("2401.00011", "Spelled out", "We prompt a large language model to grade essays.")
		add("2401.00012", "Abbreviated", "We prompt an LLM to grade essays.")
		add("2401.00013", "Once", "Mixture of zebras (MoZ) grade essays.")
		add("2401.00014", "Unrelated", "Zebras in the savanna.")
		if _, err := s.Import(ctx, items); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			text string
			want []string // the first results, in order
		}{
			{"LLM grade essays", []string{"2401.00012", "2401.00011"}},
			{"large language model grade essays", []string{"2401.00011", "2401.00012"}},
			{"MoZ", nil},
		}
		for _, tt := range tests {
			got := searchIDs(t, s, store.SearchQuery{Text: tt.text})
			if len(got) < len(tt.want) || fmt.Sprint(got[:len(tt.want)]) != fmt.Sprint(tt.want) {
				t.Errorf("%q: got %v, want first %v", tt.text, got, tt.want)
			}
		}
	})
}
