package community_test

import (
	"context"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// An account named like a paper's imported Hugging Face submitter is not
// its submitter and may not set its links; the account that submitted a
// paper here may.
func TestCanSetLinksOnlyLocalSubmitter(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, err := store.Open(ctx, dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		// Registered before the day that names akhaliq is imported.
		squatter, err := s.CreateAccount(ctx, store.Account{Name: "akhaliq", Email: "squat@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		at := time.Date(2024, 6, 3, 8, 0, 0, 0, time.UTC)
		items := []store.Item{
			{Paper: paper.Paper{ID: "2406.00001", Title: "Imported", PublishedAt: at},
				Entry:     &paper.Entry{Day: "2024-06-03", SubmittedAt: at, Submitter: "akhaliq"},
				Submitter: &paper.User{Name: "akhaliq", FullName: "AK"}},
			{Paper: paper.Paper{ID: "2406.00002", Title: "Submitted here", PublishedAt: at}},
		}
		if _, err := s.Import(ctx, items); err != nil {
			t.Fatal(err)
		}
		if err := s.Submit(ctx, store.Submission{PaperID: "2406.00002", Day: "2024-06-03", Submitter: squatter.ID}); err != nil {
			t.Fatal(err)
		}
		for id, want := range map[string]bool{"2406.00001": false, "2406.00002": true} {
			de, err := s.Entry(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if got := community.CanSetLinks(squatter, de, false); got != want {
				t.Errorf("CanSetLinks(akhaliq, %s submitted by %+v) = %v, want %v", id, de.Submitter, got, want)
			}
		}
	})
}
