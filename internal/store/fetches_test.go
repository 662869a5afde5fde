package store_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestCommunityFetches: submissions waiting for arXiv are queued once per
// paper, bounded per person, claimed by one server at a time under a lease
// that a stopped server's successor takes over, finished, and retried.
func TestCommunityFetches(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		other, err := store.Open(ctx, dsn, store.Options{Now: clk.Now}) // a second server
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { other.Close() })
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		queue := func(a store.Account, id string) (store.Fetch, error) {
			t.Helper()
			clk.Advance(time.Second)
			return s.QueueFetch(ctx, store.Fetch{PaperID: id, Submitter: a.ID, Day: "2026-12-07"}, 2)
		}
		if _, err := s.PaperFetch(ctx, "2612.00001"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("PaperFetch of nothing queued = %v, want ErrNotFound", err)
		}
		for _, id := range []string{"2612.00001", "2612.00002"} {
			if f, err := queue(ada, id); err != nil || f.State != store.FetchFetching || f.Submitter != ada.ID {
				t.Fatalf("QueueFetch(ada, %s) = %+v, %v", id, f, err)
			}
		}
		var many *store.TooManyFetches
		if _, err := queue(ada, "2612.00003"); !errors.As(err, &many) || many.Max != 2 {
			t.Errorf("ada's third fetch in flight = %v, want TooManyFetches", err)
		}
		// Bob asks for a paper ada's fetch already waits for: he gets hers.
		if f, err := queue(bob, "2612.00001"); err != nil || f.Submitter != ada.ID {
			t.Errorf("QueueFetch(bob, ada's paper) = %+v, %v; want ada's fetch", f, err)
		}

		// Two servers claim at once: each gets a different fetch.
		var wg sync.WaitGroup
		got := make([]store.Fetch, 2)
		oks := make([]bool, 2)
		for i, st := range []*store.Store{s, other} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				f, ok, err := st.ClaimFetch(ctx, "server"+string(rune('A'+i)), time.Minute)
				if err != nil {
					t.Errorf("ClaimFetch: %v", err)
				}
				got[i], oks[i] = f, ok
			}()
		}
		wg.Wait()
		if !oks[0] || !oks[1] || got[0].PaperID == got[1].PaperID || got[0].Attempts != 1 {
			t.Fatalf("two claims = %+v %v; want both fetches, one each, attempt 1", got, oks)
		}
		if _, ok, err := s.ClaimFetch(ctx, "serverC", time.Minute); ok || err != nil {
			t.Errorf("a third claim while both are held = %v, %v; want none", ok, err)
		}
		held := map[string]string{got[0].PaperID: "serverA", got[1].PaperID: "serverB"}

		// Both servers stop; once their leases end, C takes their fetches over.
		clk.Advance(61 * time.Second)
		f, ok, err := s.ClaimFetch(ctx, "serverC", time.Minute)
		if !ok || err != nil || f.Attempts != 2 {
			t.Fatalf("claim after the leases ended = %+v %v %v", f, ok, err)
		}
		if err := s.FinishFetch(ctx, f.PaperID, held[f.PaperID], store.FetchDone, "", 0); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("the old holder's finish = %v, want ErrLeaseLost", err)
		}
		if err := s.FinishFetch(ctx, f.PaperID, "serverC", store.FetchFailed, "arXiv has no paper "+f.PaperID, 0); err != nil {
			t.Fatal(err)
		}
		failed, err := other.PaperFetch(ctx, f.PaperID)
		if err != nil || failed.State != store.FetchFailed || failed.Error != "arXiv has no paper "+f.PaperID {
			t.Errorf("failed fetch reads %+v, %v", failed, err)
		}

		// The other one is put back to try later: not due before then.
		rest, ok, err := s.ClaimFetch(ctx, "serverC", time.Minute)
		if !ok || err != nil {
			t.Fatalf("claim the other = %v %v", ok, err)
		}
		if err := s.FinishFetch(ctx, rest.PaperID, "serverC", store.FetchFetching, "arXiv did not answer", 30*time.Second); err != nil {
			t.Fatal(err)
		}
		if _, ok, _ := s.ClaimFetch(ctx, "serverC", time.Minute); ok {
			t.Error("a fetch put back for 30 s was claimed at once")
		}
		clk.Advance(31 * time.Second)
		if again, ok, _ := s.ClaimFetch(ctx, "serverC", time.Minute); !ok || again.PaperID != rest.PaperID || again.Attempts != 3 {
			t.Errorf("claim 31 s later = %+v %v", again, ok)
		}
		if err := s.FinishFetch(ctx, rest.PaperID, "serverC", store.FetchDone, "", 0); err != nil {
			t.Fatal(err)
		}

		// A retry queues the failed one again; a done one is not retried.
		if err := s.RetryFetch(ctx, rest.PaperID); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("RetryFetch of a done fetch = %v, want ErrNotFound", err)
		}
		if err := s.RetryFetch(ctx, f.PaperID); err != nil {
			t.Fatal(err)
		}
		if r, _ := s.PaperFetch(ctx, f.PaperID); r.State != store.FetchFetching || r.Attempts != 0 || r.Error != "" {
			t.Errorf("after RetryFetch: %+v", r)
		}
		// Nothing of ada's is in flight but that one: a new one is allowed.
		if _, err := queue(ada, "2612.00004"); err != nil {
			t.Errorf("ada's second fetch in flight: %v", err)
		}
	})
}
