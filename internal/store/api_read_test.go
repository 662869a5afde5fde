package store_test

import (
	"context"
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/google/go-cmp/cmp"
)

func TestEntriesOf(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		seedDays(t, s, 3, "2024-06-03", "2024-06-05")
		got, err := s.EntriesOf(ctx, []string{"2401.00002", "2401.00103", "2401.99999"})
		if err != nil {
			t.Fatal(err)
		}
		type view struct {
			Day, Submitter string
			Upvotes        int
		}
		views := map[string]view{}
		for id, e := range got {
			if e.Paper.ID != id || e.Entry.PaperID != id {
				t.Errorf("entry keyed %s holds paper %s / entry %s", id, e.Paper.ID, e.Entry.PaperID)
			}
			views[id] = view{e.Entry.Day, e.Submitter.Name, e.Entry.Upvotes}
		}
		want := map[string]view{
			"2401.00002": {"2024-06-03", "u1", 1},
			"2401.00103": {"2024-06-05", "u0", 2},
		}
		if diff := cmp.Diff(want, views); diff != "" {
			t.Errorf("EntriesOf (-want +got):\n%s", diff)
		}
		if none, err := s.EntriesOf(ctx, nil); err != nil || len(none) != 0 {
			t.Errorf("EntriesOf(nil) = %v, %v; want empty", none, err)
		}
	})
}
