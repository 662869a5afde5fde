package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestFirsts: the first paper of a day, a week and a month is the one the
// lists rank first, ties going to the earlier submission, then the lower
// id; spans without papers have none.
func TestFirsts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		at := func(day string, minute int) time.Time {
			d, _ := time.Parse(paper.DayLayout, day)
			return d.Add(time.Duration(minute) * time.Minute)
		}
		var items []store.Item
		for _, e := range []struct {
			id, day string
			minute  int
			upvotes int
		}{
			{"2401.00001", "2024-06-03", 5, 7},
			{"2401.00002", "2024-06-03", 1, 7}, // a tie, submitted earlier: first of the day
			{"2401.00003", "2024-06-05", 0, 9}, // first of the week
			{"2401.00004", "2024-06-20", 0, 12},
			{"2401.00005", "2024-06-20", 0, 12}, // a tie at the same minute: the lower id is first
		} {
			items = append(items, store.Item{Paper: paper.Paper{ID: e.id, Title: "Paper " + e.id},
				Entry: &paper.Entry{Day: e.day, SubmittedAt: at(e.day, e.minute), Upvotes: e.upvotes}})
		}
		if _, err := s.Import(ctx, items); err != nil {
			t.Fatal(err)
		}
		spans := []store.DaySpan{
			{"2024-06-03", "2024-06-03"}, {"2024-06-05", "2024-06-05"}, {"2024-06-03", "2024-06-09"},
			{"2024-06-01", "2024-06-30"}, {"2024-06-20", "2024-06-20"}, {"2024-07-01", "2024-07-31"},
		}
		// More spans than one statement asks about.
		for i := 0; i < 120; i++ {
			spans = append(spans, store.DaySpan{fmt.Sprintf("2023-%02d-01", i%12+1), fmt.Sprintf("2023-%02d-28", i%12+1)})
		}
		got, err := s.Firsts(ctx, spans)
		if err != nil {
			t.Fatal(err)
		}
		want := map[store.DaySpan]string{
			{"2024-06-03", "2024-06-03"}: "2401.00002", {"2024-06-05", "2024-06-05"}: "2401.00003",
			{"2024-06-03", "2024-06-09"}: "2401.00003", {"2024-06-01", "2024-06-30"}: "2401.00004",
			{"2024-06-20", "2024-06-20"}: "2401.00004",
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("Firsts = %v, want %v", got, want)
		}
		// The lists agree: the first of a span is the first entry listed.
		for sp, id := range want {
			es, err := s.Entries(ctx, store.ListQuery{From: sp.From, To: sp.To, Limit: 1})
			if err != nil || len(es) != 1 || es[0].Paper.ID != id {
				t.Errorf("Entries(%v) first = %v, %v; Firsts says %s", sp, es, err, id)
			}
		}
	})
}
