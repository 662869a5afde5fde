package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestReadPostingsStopsAtTheCap: a word in more papers than a search
// decodes is read from the newest segments, its count estimated for the
// rest.
func TestReadPostingsStopsAtTheCap(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const batches, per = 4, 1000
		for b := range batches {
			items := make([]store.Item, per)
			for i := range items {
				items[i] = store.Item{Paper: paper.Paper{ID: fmt.Sprintf("2401.%05d", b*per+i), Title: "Common words", Abstract: "shared"}}
			}
			if _, err := s.Import(ctx, items); err != nil {
				t.Fatal(err)
			}
		}
		_, _, newestSeq, err := s.ReadPostingsForTest(ctx, "shared", batches*per)
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct{ limit, decoded int }{{per / 2, per / 2}, {per + per/2, per + per/2}, {10 * per, batches * per}} {
			df, decoded, newest, err := s.ReadPostingsForTest(ctx, "shared", tt.limit)
			if err != nil {
				t.Fatal(err)
			}
			if decoded != tt.decoded || df != batches*per || newest != newestSeq {
				t.Errorf("limit %d: %d decoded, count %d, newest %d; want %d, %d, %d", tt.limit, decoded, df, newest, tt.decoded, batches*per, newestSeq)
			}
		}
		if df, decoded, _, err := s.ReadPostingsForTest(ctx, "absent", 10); err != nil || df != 0 || decoded != 0 {
			t.Errorf("absent word: %d, %d, %v", df, decoded, err)
		}
	})
}
