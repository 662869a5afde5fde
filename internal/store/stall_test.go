package store_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// stallDay is the feed day the stall tests read.
const stallDay = "2026-08-21"

// readOps are the reads pages and the API make, each given a paper of the
// day and a word of its title. Each must finish on a store with one
// connection a pool: none may ask its pool for a second connection while it
// holds one.
func readOps(s *store.Store) []struct {
	name string
	run  func(ctx context.Context, id, word string) error
} {
	return []struct {
		name string
		run  func(ctx context.Context, id, word string) error
	}{
		{"Search", func(ctx context.Context, _, word string) error {
			_, err := s.Search(ctx, store.SearchQuery{Text: word})
			return err
		}},
		{"Search any word", func(ctx context.Context, _, word string) error {
			_, err := s.Search(ctx, store.SearchQuery{Text: word + " zzzunknown", AnyWord: true})
			return err
		}},
		{"Search page 2", func(ctx context.Context, _, word string) error {
			_, err := s.Search(ctx, store.SearchQuery{Text: word, Offset: 1, Limit: 2})
			return err
		}},
		{"Similar", func(ctx context.Context, id, _ string) error {
			_, err := s.Similar(ctx, id, 5)
			return err
		}},
		{"DayEntries", func(ctx context.Context, _, _ string) error {
			_, err := s.DayEntries(ctx, stallDay)
			return err
		}},
		{"AdjacentDays", func(ctx context.Context, _, _ string) error {
			_, _, err := s.AdjacentDays(ctx, stallDay)
			return err
		}},
		{"Entry", func(ctx context.Context, id, _ string) error {
			_, err := s.Entry(ctx, id)
			return err
		}},
		{"GetPaper", func(ctx context.Context, id, _ string) error {
			_, err := s.GetPaper(ctx, id)
			return err
		}},
		{"EntriesOf", func(ctx context.Context, id, _ string) error {
			_, err := s.EntriesOf(ctx, []string{id})
			return err
		}},
		{"Comments", func(ctx context.Context, id, _ string) error {
			_, err := s.Comments(ctx, id)
			return err
		}},
		{"Trending", func(ctx context.Context, _, _ string) error {
			_, err := s.Trending(ctx, time.Date(2026, 8, 22, 0, 0, 0, 0, time.UTC), 10, 0)
			return err
		}},
		{"ListPapers", func(ctx context.Context, _, _ string) error {
			_, err := s.ListPapers(ctx, "", 10)
			return err
		}},
		{"Moderation", func(ctx context.Context, _, _ string) error {
			_, err := s.Moderation(ctx, 10)
			return err
		}},
		{"DataVersion", func(ctx context.Context, _, _ string) error {
			_, err := s.DataVersion(ctx)
			return err
		}},
		{"EachSubscriber using the store", func(ctx context.Context, _, _ string) error {
			return s.EachSubscriber(ctx, func(sub store.Subscriber) error {
				_, err := s.SubscriberByID(ctx, sub.ID)
				return err
			})
		}},
	}
}

// stallStore imports a real feed day and a subscriber, and returns the
// day's papers with a word of each one's title.
func stallStore(t *testing.T, s *store.Store) (ids, words []string) {
	t.Helper()
	storetest.ImportFile(t, s, storetest.HFDay(stallDay), importer.Options{FeedDay: stallDay})
	mustSubscriber(t, s, "reader@example.com", store.Daily)
	es, err := s.DayEntries(context.Background(), stallDay)
	if err != nil || len(es) < 4 {
		t.Fatalf("DayEntries(%s) = %d entries, %v", stallDay, len(es), err)
	}
	for _, e := range es {
		word := ""
		for _, w := range strings.Fields(e.Paper.Title) {
			if len(w) > len(word) {
				word = w
			}
		}
		ids, words = append(ids, e.Paper.ID), append(words, word)
	}
	return ids, words
}

// TestNoReadHoldsTwoConnections runs every read on a store with one
// connection a pool. A read that asks for a second connection while it
// holds one waits here until its deadline, as it did in production once as
// many ran at once as the pool has connections (four searches stalled the
// server for 30 s).
func TestNoReadHoldsTwoConnections(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s, err := store.Open(context.Background(), dsn, store.Options{MaxConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		ids, words := stallStore(t, s)
		// One deadline for all: the first read that waits for ever uses it
		// up, and the rest fail at once rather than wait their own.
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		for _, op := range readOps(s) {
			if err := op.run(ctx, ids[0], words[0]); err != nil {
				t.Errorf("%s on one connection: %v", op.name, err)
			}
		}
	})
}

// TestManyConcurrentReads runs far more reads at once than the pools have
// connections (4 SQLite readers or 8 PostgreSQL connections on a small
// machine): every one must finish, none wait for the others for ever.
func TestManyConcurrentReads(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		ids, words := stallStore(t, s)
		ops := readOps(s)
		ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
		defer cancel()
		const workers, each = 64, 12
		errs := make(chan error, workers*each)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					op := ops[(w+i)%len(ops)]
					k := (w*each + i) % len(ids)
					if err := op.run(ctx, ids[k], words[k]); err != nil {
						errs <- fmt.Errorf("worker %d: %s: %w", w, op.name, err)
						return
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
	})
}
