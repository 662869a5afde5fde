package store_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSearchWithinFeedDays: a week's or a month's page searched within
// finds only papers on the feed on a day of that period, counted alike,
// and a paper never on the feed is left out whatever it matches.
func TestSearchWithinFeedDays(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		days := map[string]string{"2401.00001": "2026-11-30", "2401.00002": "2026-12-06", "2401.00004": "2026-12-07"}
		var items []store.Item
		for _, p := range matchPapers {
			it := store.Item{Paper: p}
			if day, ok := days[p.ID]; ok {
				it.Entry = &paper.Entry{PaperID: p.ID, Day: day, SubmittedAt: date(day + "T08:00:00Z")}
			}
			items = append(items, it)
		}
		if _, err := s.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			q    store.SearchQuery
			want []string
		}{
			// The ISO week 2026-W49 is November 30 to December 6.
			{store.SearchQuery{Text: "graph", FeedFrom: "2026-11-30", FeedTo: "2026-12-06"}, []string{"2401.00001", "2401.00002"}},
			{store.SearchQuery{Text: "graph", FeedFrom: "2026-12-01", FeedTo: "2026-12-31"}, []string{"2401.00002", "2401.00004"}},
			{store.SearchQuery{Text: "diffusion", FeedFrom: "2026-12-01", FeedTo: "2026-12-31"}, []string{"2401.00004"}}, // 00003 is never on the feed
			{store.SearchQuery{Text: "Schrödinger bridges", FeedFrom: "2026-12-01"}, nil},                                // an exact title off the feed
			{store.SearchQuery{Text: "cat:cs.LG", FeedTo: "2026-11-30"}, []string{"2401.00001"}},                         // filters alone
		}
		for _, tt := range tests {
			tt.q.Count = true
			res, err := s.Search(context.Background(), tt.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range res.Hits {
				got = append(got, h.Paper.ID)
				if h.Entry == nil {
					t.Errorf("Search(%+v): %s without its feed entry", tt.q, h.Paper.ID)
				}
			}
			if fmt.Sprint(slices.Sorted(slices.Values(got))) != fmt.Sprint(tt.want) || res.Total != len(tt.want) {
				t.Errorf("Search(%+v) = %v (total %d), want %v", tt.q, got, res.Total, tt.want)
			}
		}
	})
}
