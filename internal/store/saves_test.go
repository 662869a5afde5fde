package store_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The conformance tests of reading lists and dismissals. Every name starts
// with TestCommunity, so `-run TestCommunity` selects them with the rest of
// the community's.

func savedIDs(t *testing.T, s *store.Store, a store.Account, offset, limit int) []string {
	t.Helper()
	list, err := s.SavedPapers(context.Background(), a.ID, offset, limit)
	if err != nil {
		t.Fatalf("SavedPapers(%s): %v", a.Name, err)
	}
	ids := []string{}
	for _, sp := range list {
		ids = append(ids, sp.Paper.ID)
	}
	return ids
}

func TestCommunitySaves(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		const p1, p2, p3 = "2406.00001", "2406.00002", "2406.00003"
		mustImport(t, s, feedItem(p1, 10, 0), feedItem(p2, 5, 0), offFeed(p3))
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		save := func(a store.Account, id string) {
			t.Helper()
			clk.Advance(time.Second)
			if err := s.Save(ctx, a.ID, id); err != nil {
				t.Fatalf("Save(%s, %s): %v", a.Name, id, err)
			}
		}

		save(ada, p1)
		save(ada, p3) // not on the feed: saved all the same
		save(ada, p2)
		save(ada, p1) // again: stays where it was
		save(bob, p2)
		if diff := cmp.Diff([]string{p2, p3, p1}, savedIDs(t, s, ada, 0, 10)); diff != "" {
			t.Errorf("ada's list, latest first (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{p3}, savedIDs(t, s, ada, 1, 1)); diff != "" {
			t.Errorf("ada's list, second page of one (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{p2}, savedIDs(t, s, bob, 0, 10)); diff != "" {
			t.Errorf("bob sees only his own list (-want +got):\n%s", diff)
		}
		list, err := s.SavedPapers(ctx, ada.ID, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if list[0].Entry == nil || list[0].Entry.Entry.Upvotes != 5 || list[1].Entry != nil || list[0].Paper.Title != "Paper "+p2 {
			t.Errorf("entries: %+v, %+v; want p2 on the feed with 5 upvotes, p3 on none", list[0].Entry, list[1].Entry)
		}
		if !list[0].SavedAt.Equal(digestStart.Add(3 * time.Second)) {
			t.Errorf("SavedAt = %v, want %v", list[0].SavedAt, digestStart.Add(3*time.Second))
		}

		if err := s.Unsave(ctx, ada.ID, p3); err != nil {
			t.Fatal(err)
		}
		if err := s.Unsave(ctx, ada.ID, p3); err != nil {
			t.Errorf("Unsave again = %v, want nothing to do", err)
		}
		if diff := cmp.Diff([]string{p2, p1}, savedIDs(t, s, ada, 0, 10)); diff != "" {
			t.Errorf("after removing p3 (-want +got):\n%s", diff)
		}
		got, err := s.Saved(ctx, ada.ID, []string{p1, p2, p3, "2406.99999"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]bool{p1: true, p2: true}, got); diff != "" {
			t.Errorf("Saved(ada) (-want +got):\n%s", diff)
		}
		sig, err := s.ReaderSignals(ctx, ada.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(store.Signals{Saved: []string{p2, p1}, Upvoted: []string{}, Dismissed: []string{}}, sig); diff != "" {
			t.Errorf("ReaderSignals(ada): a removed save does not count (-want +got):\n%s", diff)
		}

		if err := s.Save(ctx, ada.ID, "2406.99999"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Save(unknown paper) = %v, want ErrNotFound", err)
		}
		if err := s.Dismiss(ctx, ada.ID, "2406.99999"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Dismiss(unknown paper) = %v, want ErrNotFound", err)
		}
	})
}

func TestCommunitySaveNotes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const p1, p2 = "2406.00001", "2406.00002"
		mustImport(t, s, feedItem(p1, 0, 0), offFeed(p2))
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		if err := s.Save(ctx, ada.ID, p1); err != nil {
			t.Fatal(err)
		}
		note := strings.Repeat("é", 1000) // the bound is in characters, not bytes
		if err := s.SetSaveNote(ctx, ada.ID, p1, note); err != nil {
			t.Fatalf("SetSaveNote(1000 characters): %v", err)
		}
		if err := s.SetSaveNote(ctx, ada.ID, p1, note+"x"); err == nil {
			t.Error("SetSaveNote(1001 characters) succeeded; the schema should refuse it")
		}
		if err := s.Save(ctx, ada.ID, p1); err != nil {
			t.Fatal(err)
		}
		if list, err := s.SavedPapers(ctx, ada.ID, 0, 10); err != nil || len(list) != 1 || list[0].Note != note {
			t.Errorf("after saving again: %d papers, %v; want the note kept", len(list), err)
		}
		for _, c := range []struct {
			who store.Account
			id  string
		}{{bob, p1}, {ada, p2}} {
			if err := s.SetSaveNote(ctx, c.who.ID, c.id, "mine"); !errors.Is(err, paper.ErrNotFound) {
				t.Errorf("SetSaveNote(%s, %s), not on their list = %v, want ErrNotFound", c.who.Name, c.id, err)
			}
		}
		if err := s.Unsave(ctx, ada.ID, p1); err != nil {
			t.Fatal(err)
		}
		if err := s.Save(ctx, ada.ID, p1); err != nil {
			t.Fatal(err)
		}
		if list, _ := s.SavedPapers(ctx, ada.ID, 0, 10); len(list) != 1 || list[0].Note != "" {
			t.Errorf("saved again after removing: %+v; want no note", list)
		}
	})
}

func TestCommunityDismissals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		const p1, p2 = "2406.00001", "2406.00002"
		mustImport(t, s, feedItem(p1, 0, 0), offFeed(p2))
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		for _, id := range []string{p1, p2, p1} {
			clk.Advance(time.Second)
			if err := s.Dismiss(ctx, ada.ID, id); err != nil {
				t.Fatalf("Dismiss(%s): %v", id, err)
			}
		}
		if _, err := s.Vote(ctx, ada.ID, p1, true); err != nil {
			t.Fatal(err)
		}
		sig, err := s.ReaderSignals(ctx, ada.ID, 100)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(store.Signals{Saved: []string{}, Upvoted: []string{p1}, Dismissed: []string{p2, p1}}, sig); diff != "" {
			t.Errorf("ReaderSignals(ada) (-want +got):\n%s", diff)
		}
		if err := s.Undismiss(ctx, ada.ID, p2); err != nil {
			t.Fatal(err)
		}
		if sig, _ := s.ReaderSignals(ctx, ada.ID, 100); !cmp.Equal(sig.Dismissed, []string{p1}) {
			t.Errorf("after undoing p2: dismissed %v, want [%s]", sig.Dismissed, p1)
		}
		if sig, _ := s.ReaderSignals(ctx, bob.ID, 100); len(sig.Dismissed)+len(sig.Upvoted)+len(sig.Saved) != 0 {
			t.Errorf("bob's signals = %+v, want none: he did nothing", sig)
		}
	})
}
