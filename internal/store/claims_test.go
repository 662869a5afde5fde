package store_test

import (
	"context"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The conformance tests of authorship claims; they are community tests, so
// `-run TestCommunity` selects them too.

func mustFile(t *testing.T, s *store.Store, paperID string, a store.Account, author, note string) store.Claim {
	t.Helper()
	c, err := s.FileClaim(context.Background(), paperID, a.ID, author, author, note)
	if err != nil {
		t.Fatalf("FileClaim(%q by %s): %v", author, a.Name, err)
	}
	return c
}

// TestCommunityClaims: one claim per user and paper; a pending claim is
// decided once; a rejected claim is filed again once, with a note, and
// keeps the rejection's reason for the curator; a withdrawn one may be
// filed again, within the same count.
func TestCommunityClaims(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const p1, p2 = "2406.00001", "2406.00002"
		mustImport(t, s, feedItem(p1, 0, 0), offFeed(p2))
		ada, bob, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "bob"), mustAccount(t, s, "cur")

		c := mustFile(t, s, p1, ada, "Ada Lovelace", "")
		if c.Status != store.ClaimPending || c.Filings != 1 || c.Claimant.ID != ada.ID || c.PaperTitle != "Paper "+p1 {
			t.Fatalf("filed claim = %+v", c)
		}
		if _, err := s.FileClaim(ctx, p1, ada.ID, "Charles Babbage", "Charles Babbage", ""); !errors.Is(err, store.ErrClaimExists) {
			t.Errorf("a second claim on one paper: %v, want ErrClaimExists", err)
		}
		if got, err := s.ClaimOf(ctx, p1, ada.ID); err != nil || got.ID != c.ID {
			t.Errorf("ClaimOf = %+v, %v", got, err)
		}
		if _, err := s.ClaimOf(ctx, p2, ada.ID); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("ClaimOf with no claim: %v, want ErrNotFound", err)
		}

		// Rejected: filed again only with a note, and only once.
		if c, err := s.DecideClaim(ctx, c.ID, false, "not on the paper's page", cur.ID); err != nil || c.Status != store.ClaimRejected || c.Reason != "not on the paper's page" {
			t.Fatalf("reject = %+v, %v", c, err)
		}
		if _, err := s.DecideClaim(ctx, c.ID, true, "", cur.ID); !errors.Is(err, store.ErrClaimDecided) {
			t.Errorf("approving a rejected claim: %v, want ErrClaimDecided", err)
		}
		if _, err := s.FileClaim(ctx, p1, ada.ID, "Ada Lovelace", "Ada Lovelace", ""); !errors.Is(err, store.ErrClaimNeedNote) {
			t.Errorf("re-filing without a note: %v, want ErrClaimNeedNote", err)
		}
		again := mustFile(t, s, p1, ada, "Ada Lovelace", "see my ORCID")
		if again.ID != c.ID || again.Status != store.ClaimPending || again.Filings != 2 || again.Note != "see my ORCID" || again.Reason != "not on the paper's page" {
			t.Errorf("re-filed claim = %+v", again)
		}
		if _, err := s.DecideClaim(ctx, c.ID, false, "still no", cur.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FileClaim(ctx, p1, ada.ID, "Ada Lovelace", "Ada Lovelace", "please"); !errors.Is(err, store.ErrClaimFinal) {
			t.Errorf("a third filing: %v, want ErrClaimFinal", err)
		}

		// Approved, then withdrawn: the paper is on the profile, then not.
		b := mustFile(t, s, p2, bob, "Bob", "")
		if _, err := s.DecideClaim(ctx, b.ID, true, "known to me", cur.ID); err != nil {
			t.Fatal(err)
		}
		papers, err := s.AuthoredPapers(ctx, bob.ID, 10)
		if err != nil || len(papers) != 1 || papers[0].PaperID != p2 || !papers[0].Verified() {
			t.Errorf("AuthoredPapers = %+v, %v", papers, err)
		}
		if w, err := s.WithdrawClaim(ctx, p2, bob.ID); err != nil || w.ID != b.ID {
			t.Errorf("WithdrawClaim = %+v, %v", w, err)
		}
		if _, err := s.WithdrawClaim(ctx, p2, bob.ID); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("withdrawing twice: %v, want ErrNotFound", err)
		}
		if papers, err := s.AuthoredPapers(ctx, bob.ID, 10); err != nil || len(papers) != 0 {
			t.Errorf("AuthoredPapers after withdrawing = %+v, %v", papers, err)
		}
		// Filed again after a withdrawal, without a note; that was the
		// second filing.
		if c := mustFile(t, s, p2, bob, "Bob", ""); c.Filings != 2 || c.Reason != "" {
			t.Errorf("after withdrawing and filing again: filings %d, reason %q; want 2 and none", c.Filings, c.Reason)
		}
		if _, err := s.WithdrawClaim(ctx, p2, bob.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FileClaim(ctx, p2, bob.ID, "Bob", "Bob", "sorry"); !errors.Is(err, store.ErrClaimFinal) {
			t.Errorf("a third filing after withdrawals: %v, want ErrClaimFinal", err)
		}
		if _, err := s.DecideClaim(ctx, 9999, true, "", cur.ID); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("deciding a missing claim: %v, want ErrNotFound", err)
		}
	})
}

// TestCommunityClaimConflicts: two users may both claim a name, but only one
// becomes its verified author; once one is, the name cannot be claimed.
func TestCommunityClaimConflicts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		ada, eve, cy, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "eve"), mustAccount(t, s, "cy"), mustAccount(t, s, "cur")
		genuine := mustFile(t, s, id, ada, "Ada Lovelace", "")
		fake := mustFile(t, s, id, eve, "Ada Lovelace", "")
		other := mustFile(t, s, id, cy, "Charles Babbage", "")

		q, err := s.PendingClaims(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		got := map[int64]int{}
		for _, c := range q {
			got[c.ID] = c.Competing
		}
		if diff := cmp.Diff(map[int64]int{genuine.ID: 1, fake.ID: 1, other.ID: 0}, got); diff != "" {
			t.Errorf("pending claims and their competitors (-want +got):\n%s", diff)
		}

		if _, err := s.DecideClaim(ctx, genuine.ID, true, "", cur.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DecideClaim(ctx, fake.ID, true, "", cur.ID); !errors.Is(err, store.ErrClaimTaken) {
			t.Errorf("approving a second author of one name: %v, want ErrClaimTaken", err)
		}
		if c, err := s.Claim(ctx, fake.ID); err != nil || c.Status != store.ClaimPending {
			t.Errorf("the refused approval left %+v, %v; want it pending", c, err)
		}
		bob := mustAccount(t, s, "bob")
		if _, err := s.FileClaim(ctx, id, bob.ID, "Ada Lovelace", "Ada Lovelace", ""); !errors.Is(err, store.ErrClaimTaken) {
			t.Errorf("claiming a verified name: %v, want ErrClaimTaken", err)
		}
		vs, err := s.VerifiedAuthors(ctx, id)
		if err != nil || len(vs) != 1 || vs[0].Claimant.ID != ada.ID || vs[0].Author != "Ada Lovelace" {
			t.Errorf("VerifiedAuthors = %+v, %v", vs, err)
		}
	})
}

// TestCommunityConcurrentClaimApprovals: curators approving two claims on
// one name at once make one verified author, never two.
func TestCommunityConcurrentClaimApprovals(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		cur := mustAccount(t, s, "cur")
		var claims []store.Claim
		for _, name := range []string{"u0", "u1", "u2", "u3", "u4", "u5"} {
			claims = append(claims, mustFile(t, s, id, mustAccount(t, s, name), "Ada Lovelace", ""))
		}
		errs := race(t, s, len(claims), func(i int) error {
			_, err := s.DecideClaim(ctx, claims[i].ID, true, "", cur.ID)
			return err
		})
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, store.ErrClaimTaken):
				t.Errorf("a losing approval: %v, want ErrClaimTaken", err)
			}
		}
		vs, err := s.VerifiedAuthors(ctx, id)
		if ok != 1 || err != nil || len(vs) != 1 {
			t.Errorf("%d approvals succeeded and %d verified authors (%v); want 1 and 1", ok, len(vs), err)
		}
	})
}

// TestCommunityAuthorParticipating: an entry says a verified author takes
// part once one has a comment readers see.
func TestCommunityAuthorParticipating(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		ada, bob, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "bob"), mustAccount(t, s, "cur")
		participating := func() bool {
			t.Helper()
			de, err := s.Entry(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return de.AuthorParticipating
		}
		mustComment(t, s, id, 0, bob.ID, "a reader's question")
		c := mustFile(t, s, id, ada, "Ada Lovelace", "")
		answer := mustComment(t, s, id, 0, ada.ID, "the author's answer")
		if participating() {
			t.Errorf("participating before the claim is approved")
		}
		if _, err := s.DecideClaim(ctx, c.ID, true, "", cur.ID); err != nil {
			t.Fatal(err)
		}
		if !participating() {
			t.Errorf("not participating after the commenter became a verified author")
		}
		if days, err := s.DayEntries(ctx, feedDay); err != nil || len(days) != 1 || !days[0].AuthorParticipating {
			t.Errorf("DayEntries = %+v, %v; want the entry participating", days, err)
		}
		if err := s.HideComment(ctx, answer, "spam", cur.ID); err != nil {
			t.Fatal(err)
		}
		if participating() {
			t.Errorf("participating with the author's only comment hidden")
		}
	})
}

// TestCommunityConcurrentClaimDecisions: curators on two servers approve
// and reject one claim at once: one decision wins, the others are told the
// claim was decided, and the claim ends as the winner left it.
func TestCommunityConcurrentClaimDecisions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		servers := []*store.Store{open(t, dsn), open(t, dsn)}
		const id = "2406.00001"
		mustImport(t, servers[0], feedItem(id, 0, 0))
		cur := mustAccount(t, servers[0], "cur")
		c := mustFile(t, servers[0], id, mustAccount(t, servers[0], "ada"), "Ada Lovelace", "")
		decided := make([]store.Claim, 8)
		errs := race(t, servers[0], len(decided), func(i int) error {
			var err error
			decided[i], err = servers[i%2].DecideClaim(ctx, c.ID, i%4 < 2, "", cur.ID)
			return err
		})
		var won []store.Claim
		for _, err := range errs {
			if err != nil && !errors.Is(err, store.ErrClaimDecided) {
				t.Errorf("a losing decision: %v, want ErrClaimDecided", err)
			}
		}
		for i, err := range errs {
			if err == nil {
				won = append(won, decided[i])
			}
		}
		final, err := servers[1].Claim(ctx, c.ID)
		if err != nil || len(won) != 1 || final.Status != won[0].Status {
			t.Errorf("%d decisions won; the claim is %q (%v); want one, and the claim as it left it", len(won), final.Status, err)
		}
	})
}
