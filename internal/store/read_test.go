package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// seedDays stores n papers a day on the given days, paper i of a day with
// i upvotes, submitted by "u<i%2>".
func seedDays(t *testing.T, s *store.Store, n int, days ...string) {
	t.Helper()
	var items []store.Item
	for d, day := range days {
		at, _ := time.Parse(paper.DayLayout, day)
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("2401.%05d", d*100+i+1)
			user := &paper.User{Name: fmt.Sprintf("u%d", i%2)}
			items = append(items, store.Item{
				Paper:     paper.Paper{ID: id, Title: "Paper " + id, PublishedAt: at.Add(-time.Duration(i) * time.Hour)},
				Entry:     &paper.Entry{Day: day, SubmittedAt: at.Add(time.Duration(i) * time.Minute), Submitter: user.Name, Upvotes: i},
				Submitter: user,
			})
		}
	}
	if _, err := s.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}

func entryIDs(es []store.DayEntry) []string {
	var ids []string
	for _, e := range es {
		ids = append(ids, e.Paper.ID)
	}
	return ids
}

func TestEntriesAndAdjacentDays(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		seedDays(t, s, 3, "2024-06-03", "2024-06-05", "2024-06-10")
		tests := []struct {
			q    store.ListQuery
			want string
		}{
			{store.ListQuery{From: "2024-06-03", To: "2024-06-03"}, "[2401.00003 2401.00002 2401.00001]"},
			{store.ListQuery{From: "2024-06-03", To: "2024-06-09"}, "[2401.00003 2401.00103 2401.00002 2401.00102 2401.00001 2401.00101]"},
			{store.ListQuery{From: "2024-06-03", To: "2024-06-09", Limit: 2, Offset: 2}, "[2401.00002 2401.00102]"},
			{store.ListQuery{Submitter: "u1", AnyOrigin: true}, "[2401.00002 2401.00102 2401.00202]"},
			{store.ListQuery{Submitter: "u1"}, "[]"}, // u1 is imported, not an account
			{store.ListQuery{From: "2024-06-04", To: "2024-06-04"}, "[]"},
		}
		for _, tt := range tests {
			es, err := s.Entries(ctx, tt.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(entryIDs(es)); got != tt.want {
				t.Errorf("Entries(%+v) = %s, want %s", tt.q, got, tt.want)
			}
		}
		for _, tt := range []struct{ day, prev, next string }{
			{"2024-06-05", "2024-06-03", "2024-06-10"}, {"2024-06-04", "2024-06-03", "2024-06-05"},
			{"2024-06-03", "", "2024-06-05"}, {"2024-06-11", "2024-06-10", ""},
		} {
			prev, next, err := s.AdjacentDays(ctx, tt.day)
			if err != nil || prev != tt.prev || next != tt.next {
				t.Errorf("AdjacentDays(%s) = %q, %q, %v; want %q, %q", tt.day, prev, next, err, tt.prev, tt.next)
			}
		}
		e, err := s.Entry(ctx, "2401.00102")
		if err != nil || e.Entry.Day != "2024-06-05" || e.Submitter == nil || e.Submitter.Name != "u1" {
			t.Errorf("Entry = %+v, %v", e, err)
		}
		if _, err := s.Entry(ctx, "2401.09999"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Entry(unknown) = %v", err)
		}
	})
}

func TestListPapersCursor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		seedDays(t, s, 4, "2024-06-03", "2024-06-05")
		// One paper with no date sorts last.
		if _, err := s.Import(ctx, []store.Item{{Paper: paper.Paper{ID: "2401.09999", Title: "undated"}}}); err != nil {
			t.Fatal(err)
		}
		var all []string
		cursor := ""
		for pages := 0; pages < 10; pages++ {
			page, err := s.ListPapers(ctx, cursor, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range page.Papers {
				all = append(all, p.ID)
			}
			if cursor = page.Next; cursor == "" {
				break
			}
		}
		want := "[2401.00101 2401.00102 2401.00103 2401.00104 2401.00001 2401.00002 2401.00003 2401.00004 2401.09999]"
		if fmt.Sprint(all) != want {
			t.Errorf("all pages = %v\nwant        %s", all, want)
		}
		for _, bad := range []string{"!!", "eHh4", "MjAyNC0wMS0wMXw="} {
			if _, err := s.ListPapers(ctx, bad, 3); !errors.Is(err, paper.ErrInvalid) {
				t.Errorf("ListPapers(cursor %q) = %v, want ErrInvalid", bad, err)
			}
		}
	})
}

func TestTrendingAndSimilar(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		seedDays(t, s, 3, "2024-05-01", "2024-06-03", "2024-06-05")
		now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) // long after: the window ends at the last day
		got, err := s.Trending(ctx, now, 0, 0)
		if err != nil {
			t.Fatal(err)
		}
		// 2024-05-01 is outside the window; age weighs: a day-old paper with 0 votes
		// (1/26^1.5) beats a three-day-old one with 2 (3/74^1.5).
		if fmt.Sprint(entryIDsT(got)) != "[2401.00203 2401.00202 2401.00201 2401.00103 2401.00102 2401.00101]" {
			t.Errorf("Trending = %v", entryIDsT(got))
		}
		for i := 1; i < len(got); i++ {
			if got[i].Score > got[i-1].Score {
				t.Errorf("scores not descending at %d", i)
			}
		}
		if _, err := s.Import(ctx, []store.Item{
			{Paper: paper.Paper{ID: "2402.00001", Title: "Sparse mixture of experts for vision transformers"}},
			{Paper: paper.Paper{ID: "2402.00002", Title: "Vision transformers need registers"}},
			{Paper: paper.Paper{ID: "2402.00003", Title: "Protein folding"}},
		}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.BackfillVectors(ctx, 100); err != nil {
			t.Fatal(err)
		}
		sim, err := s.Similar(ctx, "2402.00001", 5)
		if err != nil || len(sim) != 1 || sim[0].Paper.ID != "2402.00002" {
			t.Errorf("Similar = %v, %v", sim, err)
		}
	})
}

func entryIDsT(es []store.TrendingEntry) []string {
	var ids []string
	for _, e := range es {
		ids = append(ids, e.Paper.ID)
	}
	return ids
}

func TestDataVersion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		v0, err := s.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if c0, err := s.DataChanged(ctx); err != nil || !c0.IsZero() {
			t.Errorf("DataChanged of a new database = %v, %v; want zero", c0, err)
		}
		before := time.Now().Truncate(time.Second)
		item := store.Item{Paper: paper.Paper{ID: "2401.00001", Title: "t"}}
		if _, err := s.Import(ctx, []store.Item{item}); err != nil {
			t.Fatal(err)
		}
		v1, _ := s.DataVersion(ctx)
		if v1 <= v0 {
			t.Errorf("an import that changed data left the version at %d (was %d)", v1, v0)
		}
		c1, err := s.DataChanged(ctx)
		if err != nil || c1.Before(before) || c1.After(time.Now()) {
			t.Errorf("DataChanged after an import at %v = %v, %v", before, c1, err)
		}
		if _, err := s.Import(ctx, []store.Item{item}); err != nil {
			t.Fatal(err)
		}
		if v2, _ := s.DataVersion(ctx); v2 != v1 {
			t.Errorf("an import that changed nothing moved the version from %d to %d", v1, v2)
		}
		if c2, _ := s.DataChanged(ctx); !c2.Equal(c1) {
			t.Errorf("an import that changed nothing moved DataChanged from %v to %v", c1, c2)
		}
		if _, err := s.Search(ctx, store.SearchQuery{Text: "t\x00t \xff"}); err != nil {
			t.Errorf("Search with NUL and invalid UTF-8: %v", err)
		}
	})
}
