package community_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// claimsWorld is a community over a real store holding two papers by Ada
// Lovelace and Erwin Schrödinger (precomposed ö), on no feed day.
type claimsWorld struct {
	st   *store.Store
	comm *community.Service
}

var claimsNow = time.Date(2024, 6, 3, 12, 0, 0, 0, time.UTC)

func newClaimsWorld(t *testing.T, dsn string, limits community.Limits) claimsWorld {
	t.Helper()
	ctx := context.Background()
	now := func() time.Time { return claimsNow }
	st, err := store.Open(ctx, dsn, store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	var items []store.Item
	for _, id := range []string{"2406.00001", "2406.00002", "2406.00003"} {
		items = append(items, store.Item{Paper: paper.Paper{ID: id, Title: "Paper " + id, PublishedAt: claimsNow.Add(-24 * time.Hour),
			Authors: []paper.Author{{Name: "Ada Lovelace"}, {Name: " Erwin  Schr\u00f6dinger "}}}})
	}
	if _, err := st.Import(ctx, items); err != nil {
		t.Fatal(err)
	}
	return claimsWorld{st: st, comm: community.New(st, nil, nil, community.Options{Now: now, Limits: limits})}
}

func (w claimsWorld) account(t *testing.T, name, role string) store.Account {
	t.Helper()
	a, err := w.st.CreateAccount(context.Background(), store.Account{Name: name, FullName: "Ada Lovelace", Email: name + "@example.org", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestAuthorKey(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ada Lovelace", "Ada Lovelace"},
		{"  Ada \t Lovelace\n", "Ada Lovelace"},
		{"Erwin Schro\u0308dinger", "Erwin Schr\u00f6dinger"}, // combining umlaut
		{"ada lovelace", "ada lovelace"},                      // case is the name's
		{"", ""},
	}
	for _, tt := range tests {
		if got := community.AuthorKey(tt.in); got != tt.want {
			t.Errorf("AuthorKey(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCanSetLinks: a full name equal to an author's grants nothing; a
// verified author, the submitter and curators may set links.
func TestCanSetLinks(t *testing.T) {
	de := store.DayEntry{Paper: paper.Paper{ID: "2406.00001", Authors: []paper.Author{{Name: "Ada Lovelace"}}},
		Entry: paper.Entry{Submitter: "sub"}, SubmitterID: 7}
	tests := []struct {
		name     string
		a        store.Account
		verified bool
		want     bool
	}{
		{"a stranger with an author's full name", store.Account{Name: "eve", FullName: "Ada Lovelace", Role: store.RoleUser}, false, false},
		{"a verified author", store.Account{Name: "ada", Role: store.RoleUser}, true, true},
		{"the submitter", store.Account{ID: 7, Name: "sub", Role: store.RoleUser}, false, true},
		{"another account of the submitter's name", store.Account{ID: 8, Name: "sub", Role: store.RoleUser}, false, false},
		{"a curator", store.Account{Name: "cur", Role: store.RoleCurator}, false, true},
	}
	for _, tt := range tests {
		if got := community.CanSetLinks(tt.a, de, tt.verified); got != tt.want {
			t.Errorf("%s: CanSetLinks = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestClaimAuthor: the name must be one the paper lists (after trimming and
// normalizing), is stored as listed, and filing is rate-limited.
func TestClaimAuthor(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		limits := community.DefaultLimits
		limits.Claims = ratelimit.Rule{Burst: 2, Per: time.Hour}
		w := newClaimsWorld(t, dsn, limits)
		eve := w.account(t, "eve", store.RoleUser)
		for _, bad := range []string{"Charles Babbage", "ada lovelace", "", string(make([]byte, 400))} {
			if _, err := w.comm.ClaimAuthor(ctx, eve, "2406.00001", bad, ""); !errors.Is(err, paper.ErrInvalid) {
				t.Errorf("claiming %q: %v, want ErrInvalid", bad, err)
			}
		}
		if _, err := w.comm.ClaimAuthor(ctx, eve, "2406.09999", "Ada Lovelace", ""); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("claiming on a missing paper: %v, want ErrNotFound", err)
		}
		c, err := w.comm.ClaimAuthor(ctx, eve, "2406.00001", "Erwin Schro\u0308dinger", "")
		if err != nil || c.Author != "Erwin  Schr\u00f6dinger" || c.Status != store.ClaimPending {
			t.Errorf("claim = %+v, %v; want pending, the name as listed", c, err)
		}
		if _, err := w.comm.ClaimAuthor(ctx, eve, "2406.00002", "Ada Lovelace", strings.Repeat("x", 1001)); !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("a note of 1001 characters: %v, want ErrInvalid", err)
		}
		if _, err := w.comm.ClaimAuthor(ctx, eve, "2406.00002", "Ada Lovelace", ""); err != nil {
			t.Fatal(err)
		}
		if _, err := w.comm.ClaimAuthor(ctx, eve, "2406.00003", "Ada Lovelace", ""); !errors.Is(err, paper.ErrTooMany) {
			t.Errorf("a third claim within the hour: %v, want ErrTooMany", err)
		}
	})
}

// TestDecideClaim: curators decide, a rejection has a reason, a curator
// never decides their own claim but an admin may; decisions and
// withdrawals are audited, and a verified author may set links until the
// claim is withdrawn.
func TestDecideClaim(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		w := newClaimsWorld(t, dsn, community.Limits{})
		ada, cur, adm := w.account(t, "ada", store.RoleUser), w.account(t, "cur", store.RoleCurator), w.account(t, "adm", store.RoleAdmin)
		const id = "2406.00001"
		if err := w.comm.SetLinks(ctx, ada, id, "https://github.com/ada/engine", ""); !errors.Is(err, paper.ErrForbidden) {
			t.Errorf("links by a full name matching an author: %v, want ErrForbidden", err)
		}
		c, err := w.comm.ClaimAuthor(ctx, ada, id, "Ada Lovelace", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.comm.DecideClaim(ctx, ada, c.ID, true, ""); !errors.Is(err, paper.ErrForbidden) {
			t.Errorf("a user deciding: %v, want ErrForbidden", err)
		}
		if _, err := w.comm.DecideClaim(ctx, cur, c.ID, false, " "); !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("a rejection without a reason: %v, want ErrInvalid", err)
		}
		if _, err := w.comm.DecideClaim(ctx, cur, c.ID, true, ""); err != nil {
			t.Fatal(err)
		}
		if err := w.comm.SetLinks(ctx, ada, id, "https://github.com/ada/engine", ""); err != nil {
			t.Errorf("links by the verified author: %v", err)
		}
		if _, err := w.comm.WithdrawClaim(ctx, ada, id); err != nil {
			t.Fatal(err)
		}
		if err := w.comm.SetLinks(ctx, ada, id, "", ""); !errors.Is(err, paper.ErrForbidden) {
			t.Errorf("links after withdrawing: %v, want ErrForbidden", err)
		}

		own, err := w.comm.ClaimAuthor(ctx, cur, "2406.00002", "Ada Lovelace", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.comm.DecideClaim(ctx, cur, own.ID, true, ""); !errors.Is(err, paper.ErrForbidden) {
			t.Errorf("a curator approving their own claim: %v, want ErrForbidden", err)
		}
		mine, err := w.comm.ClaimAuthor(ctx, adm, "2406.00003", "Ada Lovelace", "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.comm.DecideClaim(ctx, adm, mine.ID, true, "it is me"); err != nil {
			t.Errorf("an admin approving their own claim: %v", err)
		}
		audit, err := w.st.AuditLog(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range audit {
			actions = append(actions, e.Actor+" "+e.Action)
		}
		want := []string{"adm claim.approve", "ada claim.withdraw", "ada paper.links", "cur claim.approve"}
		if len(actions) != len(want) {
			t.Fatalf("audit log = %v, want %v", actions, want)
		}
		for i := range want {
			if actions[i] != want[i] {
				t.Errorf("audit log = %v, want %v", actions, want)
				break
			}
		}
	})
}
