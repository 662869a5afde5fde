package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The conformance tests of the community: accounts, sign-in, sessions, API
// tokens, votes, comments, moderation and submissions. Every name starts
// with TestCommunity, so `-run TestCommunity` selects them all.

const feedDay = "2024-06-03"

// feedItem is a paper on the feed of feedDay as Hugging Face reports it,
// with the counts Hugging Face gives.
func feedItem(id string, upvotes, comments int) store.Item {
	it := offFeed(id)
	it.Entry = &paper.Entry{Day: feedDay, SubmittedAt: date("2024-06-03T08:00:00Z"), Submitter: "akhaliq",
		Upvotes: upvotes, NumComments: comments}
	it.Submitter = &paper.User{Name: "akhaliq", FullName: "AK"}
	return it
}

// offFeed is a stored paper on no feed day.
func offFeed(id string) store.Item {
	return store.Item{Paper: paper.Paper{ID: id, Title: "Paper " + id, PublishedAt: date("2024-06-01T00:00:00Z")}}
}

func mustImport(t *testing.T, s *store.Store, items ...store.Item) store.ImportCounts {
	t.Helper()
	c, err := s.Import(context.Background(), items)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return c
}

// mustAccount creates an account named name, with the address name@example.com.
func mustAccount(t *testing.T, s *store.Store, name string) store.Account {
	t.Helper()
	a, err := s.CreateAccount(context.Background(), store.Account{Name: name, Email: name + "@example.com"})
	if err != nil {
		t.Fatalf("CreateAccount(%q): %v", name, err)
	}
	return a
}

// entryCounts returns the upvotes and comment count of a paper's feed entry.
func entryCounts(t *testing.T, s *store.Store, paperID string) (upvotes, comments int) {
	t.Helper()
	e, err := s.Entry(context.Background(), paperID)
	if err != nil {
		t.Fatalf("Entry(%q): %v", paperID, err)
	}
	return e.Entry.Upvotes, e.Entry.NumComments
}

func mustComment(t *testing.T, s *store.Store, paperID string, parentID, authorID int64, body string) int64 {
	t.Helper()
	id, err := s.AddComment(context.Background(), paperID, parentID, authorID, body)
	if err != nil {
		t.Fatalf("AddComment(%q, parent %d): %v", paperID, parentID, err)
	}
	return id
}

// race runs fn(0) … fn(n-1) in n goroutines released together, and returns
// their errors. The connection pool is filled first: otherwise the time each
// goroutine takes to connect spreads them out and hides the race.
func race(t *testing.T, s *store.Store, n int, fn func(i int) error) []error {
	t.Helper()
	run := func(fn func(i int) error) []error {
		errs := make([]error, n)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := range n {
			wg.Go(func() {
				<-start
				errs[i] = fn(i)
			})
		}
		close(start)
		wg.Wait()
		return errs
	}
	if err := errors.Join(run(func(int) error { return s.Ping(context.Background()) })...); err != nil {
		t.Fatalf("warm up: %v", err)
	}
	return run(fn)
}

func commentIDs(cs []store.Comment) []int64 {
	var ids []int64
	for _, c := range cs {
		ids = append(ids, c.ID)
	}
	return ids
}

func TestCommunityAccounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		mustImport(t, s, feedItem("2406.00001", 1, 0)) // brings akhaliq, an imported user without an address

		ada, err := s.CreateAccount(ctx, store.Account{Name: "Ada", FullName: "Ada Lovelace", Email: "Ada@Example.COM"})
		if err != nil {
			t.Fatal(err)
		}
		if ada.ID == 0 || ada.Role != store.RoleUser || ada.Email != "ada@example.com" || ada.CreatedAt.IsZero() {
			t.Errorf("CreateAccount = %+v, want an id, role user, a lower-cased address and a creation time", ada)
		}
		bob, err := s.CreateAccount(ctx, store.Account{Name: "bob", Email: "bob@example.com", Role: store.RoleCurator})
		if err != nil {
			t.Fatal(err)
		}
		if bob.ID == 0 || bob.ID == ada.ID || !bob.Curates() || ada.Curates() {
			t.Errorf("second account %+v (first %+v): want a new id, curator role", bob, ada)
		}

		refused := []struct {
			name string
			in   store.Account
			want error
		}{
			{"same name", store.Account{Name: "Ada", Email: "other@example.com"}, store.ErrNameTaken},
			{"name in another case", store.Account{Name: "aDA", Email: "other@example.com"}, store.ErrNameTaken},
			{"imported name in another case", store.Account{Name: "AKhaliq", Email: "ak@example.com"}, store.ErrNameTaken},
			{"address in another case", store.Account{Name: "ada2", Email: "ADA@example.com"}, store.ErrEmailTaken},
		}
		for _, r := range refused {
			_, err := s.CreateAccount(ctx, r.in)
			if !errors.Is(err, r.want) || !errors.Is(err, paper.ErrConflict) {
				t.Errorf("%s: CreateAccount = %v, want %v wrapping paper.ErrConflict", r.name, err, r.want)
			}
		}
		if _, err := s.CreateAccount(ctx, store.Account{Name: "eve", Email: "eve@example.com", Role: "root"}); !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("CreateAccount with role root = %v, want paper.ErrInvalid", err)
		}

		lookups := []struct {
			name string
			get  func() (store.Account, error)
			want store.Account
		}{
			{"by address", func() (store.Account, error) { return s.AccountByEmail(ctx, "ada@example.com") }, ada},
			{"by address in another case", func() (store.Account, error) { return s.AccountByEmail(ctx, "ADA@example.com") }, ada},
			{"by name", func() (store.Account, error) { return s.AccountByName(ctx, "Ada") }, ada},
			{"by name in another case", func() (store.Account, error) { return s.AccountByName(ctx, "aDa") }, ada},
			{"by id", func() (store.Account, error) { return s.AccountByID(ctx, bob.ID) }, bob},
		}
		for _, l := range lookups {
			got, err := l.get()
			if err != nil {
				t.Errorf("%s: %v", l.name, err)
				continue
			}
			if diff := cmp.Diff(l.want, got); diff != "" {
				t.Errorf("%s (-want +got):\n%s", l.name, diff)
			}
		}
		missing := map[string]func() (store.Account, error){
			"AccountByEmail": func() (store.Account, error) { return s.AccountByEmail(ctx, "nobody@example.com") },
			"AccountByName":  func() (store.Account, error) { return s.AccountByName(ctx, "nobody") },
			"AccountByID":    func() (store.Account, error) { return s.AccountByID(ctx, 999999) },
		}
		for name, get := range missing {
			if _, err := get(); !errors.Is(err, paper.ErrNotFound) {
				t.Errorf("%s(unknown) = %v, want paper.ErrNotFound", name, err)
			}
		}

		// Accounts lists who can sign in, and imported users given a role.
		type row struct{ Name, Email, Role string }
		accounts := func() []row {
			t.Helper()
			list, err := s.Accounts(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var rows []row
			for _, a := range list {
				rows = append(rows, row{a.Name, a.Email, a.Role})
			}
			return rows
		}
		want := []row{{"Ada", "ada@example.com", "user"}, {"bob", "bob@example.com", "curator"}}
		if diff := cmp.Diff(want, accounts()); diff != "" {
			t.Errorf("Accounts (-want +got):\n%s", diff)
		}

		if err := s.SetRole(ctx, "Ada", "root"); !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("SetRole(root) = %v, want paper.ErrInvalid", err)
		}
		if err := s.SetRole(ctx, "nobody", store.RoleAdmin); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("SetRole(unknown user) = %v, want paper.ErrNotFound", err)
		}
		if err := s.SetRole(ctx, "Ada", store.RoleAdmin); err != nil {
			t.Fatalf("SetRole(Ada, admin): %v", err)
		}
		// An imported Hugging Face user is no account and can hold no role.
		if err := s.SetRole(ctx, "akhaliq", store.RoleCurator); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("SetRole(imported akhaliq) = %v, want paper.ErrNotFound", err)
		}
		if a, err := s.AccountByID(ctx, ada.ID); err != nil || a.Role != store.RoleAdmin {
			t.Errorf("after SetRole: %+v, %v; want role admin", a, err)
		}

		want = []row{{"Ada", "ada@example.com", "admin"}, {"bob", "bob@example.com", "curator"}}
		if diff := cmp.Diff(want, accounts()); diff != "" {
			t.Errorf("Accounts after SetRole (-want +got):\n%s", diff)
		}
	})
}

// Imported names may differ only in case; each is its own Hugging Face
// user, and neither is an account.
func TestCommunityImportedNamesAreNoAccounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		upper, lower := feedItem("2406.00001", 1, 0), feedItem("2406.00002", 1, 0)
		upper.Entry.Submitter, upper.Submitter = "Kai", &paper.User{Name: "Kai", FullName: "Kai Upper"}
		lower.Entry.Submitter, lower.Submitter = "kai", &paper.User{Name: "kai", FullName: "kai lower"}
		mustImport(t, s, upper, lower)
		for name, full := range map[string]string{"Kai": "Kai Upper", "kai": "kai lower"} {
			if u, err := s.HFUser(ctx, name); err != nil || u.FullName != full || u.Origin != paper.OriginHF {
				t.Errorf("HFUser(%q) = %+v, %v; want full name %q from Hugging Face", name, u, err, full)
			}
			if a, err := s.AccountByName(ctx, name); !errors.Is(err, paper.ErrNotFound) {
				t.Errorf("AccountByName(%q) = %+v, %v; want paper.ErrNotFound", name, a, err)
			}
		}
	})
}

// Two people signing up at once with one name (in any case) or one address:
// exactly one gets it.
func TestCommunityConcurrentSignup(t *testing.T) {
	names := []string{"ada", "Ada", "ADA", "aDa", "adA", "AdA", "aDA", "ADa"}
	cases := []struct {
		name    string
		account func(i int) store.Account
	}{
		{"one name in many cases", func(i int) store.Account {
			return store.Account{Name: names[i], Email: fmt.Sprintf("user%d@example.com", i)}
		}},
		{"one address", func(i int) store.Account {
			return store.Account{Name: fmt.Sprintf("user%d", i), Email: "same@example.com"}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			storetest.ForEach(t, func(t *testing.T, dsn string) {
				ctx := context.Background()
				s := open(t, dsn)
				errs := race(t, s, len(names), func(i int) error {
					_, err := s.CreateAccount(ctx, c.account(i))
					return err
				})
				won := 0
				for i, err := range errs {
					switch {
					case err == nil:
						won++
					case !errors.Is(err, paper.ErrConflict):
						t.Errorf("CreateAccount(%+v) = %v, want paper.ErrConflict", c.account(i), err)
					}
				}
				if won != 1 {
					t.Errorf("%d of %d sign-ups succeeded, want 1", won, len(names))
				}
			})
		})
	}
}

func TestCommunitySigninTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		now := time.Now()
		for hash, expires := range map[string]time.Time{"fresh": now.Add(15 * time.Minute), "expired": now.Add(-time.Minute)} {
			if err := s.CreateSigninToken(ctx, hash, "Ada@Example.com", "/papers/2406.00001", expires); err != nil {
				t.Fatal(err)
			}
		}
		email, next, err := s.UseSigninToken(ctx, "fresh")
		if err != nil || email != "ada@example.com" || next != "/papers/2406.00001" {
			t.Errorf("UseSigninToken = %q, %q, %v; want the lower-cased address and the destination", email, next, err)
		}
		for _, c := range []struct {
			hash       string
			want, kind error
		}{
			{"fresh", store.ErrLinkUsed, paper.ErrInvalid},
			{"expired", store.ErrLinkExpired, paper.ErrInvalid},
			{"unknown", paper.ErrNotFound, paper.ErrNotFound},
		} {
			email, _, err := s.UseSigninToken(ctx, c.hash)
			if !errors.Is(err, c.want) || !errors.Is(err, c.kind) || email != "" {
				t.Errorf("UseSigninToken(%s) = %q, %v; want %v (%v)", c.hash, email, err, c.want, c.kind)
			}
		}
	})
}

func TestCommunitySigninTokenRace(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		if err := s.CreateSigninToken(ctx, "h", "ada@example.com", "/", time.Now().Add(time.Hour)); err != nil {
			t.Fatal(err)
		}
		errs := race(t, s, 10, func(int) error {
			_, _, err := s.UseSigninToken(ctx, "h")
			return err
		})
		won := 0
		for _, err := range errs {
			switch {
			case err == nil:
				won++
			case !errors.Is(err, store.ErrLinkUsed):
				t.Errorf("UseSigninToken = %v, want success or ErrLinkUsed", err)
			}
		}
		if won != 1 {
			t.Errorf("the link signed in %d times, want once", won)
		}
	})
}

func TestCommunityDeleteExpired(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		now := time.Now()
		// A link expired an hour ago is kept a day, to tell "expired" from
		// "unknown"; one expired two days ago goes.
		for hash, expires := range map[string]time.Time{
			"fresh": now.Add(time.Hour), "recent": now.Add(-time.Hour), "old": now.Add(-48 * time.Hour),
		} {
			if err := s.CreateSigninToken(ctx, hash, "ada@example.com", "/", expires); err != nil {
				t.Fatal(err)
			}
		}
		for hash, expires := range map[string]time.Time{"live": now.Add(time.Hour), "ended": now.Add(-time.Minute)} {
			if err := s.CreateSession(ctx, store.Session{Hash: hash, Email: "ada@example.com", CSRF: "c", ExpiresAt: expires}, 0); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := s.DeleteExpired(ctx); err != nil || n != 2 {
			t.Errorf("DeleteExpired = %d, %v; want 2 rows (the old link, the ended session)", n, err)
		}
		if n, err := s.DeleteExpired(ctx); err != nil || n != 0 {
			t.Errorf("DeleteExpired again = %d, %v; want 0", n, err)
		}
		for hash, want := range map[string]error{"recent": store.ErrLinkExpired, "old": paper.ErrNotFound, "fresh": nil} {
			if _, _, err := s.UseSigninToken(ctx, hash); !errors.Is(err, want) {
				t.Errorf("UseSigninToken(%s) = %v, want %v", hash, err, want)
			}
		}
		if _, err := s.SessionByHash(ctx, "live"); err != nil {
			t.Errorf("SessionByHash(live) = %v", err)
		}
	})
}

func TestCommunitySessions(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		later := time.Now().Add(24 * time.Hour).Truncate(time.Second)
		create := func(hash, email string, accountID int64, expires time.Time) {
			t.Helper()
			sess := store.Session{Hash: hash, Email: email, CSRF: "csrf-" + hash, UserAgent: "Firefox", ExpiresAt: expires}
			if err := s.CreateSession(ctx, sess, accountID); err != nil {
				t.Fatalf("CreateSession(%s): %v", hash, err)
			}
		}
		create("ada-1", ada.Email, ada.ID, later)
		create("pending", "newcomer@example.com", 0, later)
		create("expired", ada.Email, ada.ID, time.Now().Add(-time.Minute))

		got, err := s.SessionByHash(ctx, "ada-1")
		if err != nil {
			t.Fatal(err)
		}
		want := store.Session{Hash: "ada-1", Email: ada.Email, CSRF: "csrf-ada-1", UserAgent: "Firefox", ExpiresAt: later, Account: &ada}
		ignoreTimes := cmpopts.IgnoreFields(store.Session{}, "CreatedAt", "LastSeen")
		if diff := cmp.Diff(want, got, ignoreTimes); diff != "" {
			t.Errorf("SessionByHash (-want +got):\n%s", diff)
		}
		if got.CreatedAt.IsZero() || got.LastSeen.IsZero() {
			t.Errorf("session times %v, %v; want both set", got.CreatedAt, got.LastSeen)
		}

		pending, err := s.SessionByHash(ctx, "pending")
		if err != nil || pending.Account != nil || pending.Email != "newcomer@example.com" {
			t.Fatalf("pending session = %+v, %v; want no account yet", pending, err)
		}
		newcomer := mustAccount(t, s, "newcomer")
		if err := s.AttachSession(ctx, "pending", newcomer.ID); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionByHash(ctx, "pending"); err != nil || got.Account == nil || got.Account.Name != "newcomer" {
			t.Errorf("attached session = %+v, %v; want newcomer's", got, err)
		}

		if _, err := s.SessionByHash(ctx, "expired"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("SessionByHash(expired) = %v, want paper.ErrNotFound", err)
		}
		if _, err := s.SessionByHash(ctx, "unknown"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("SessionByHash(unknown) = %v, want paper.ErrNotFound", err)
		}

		further := later.Add(24 * time.Hour)
		if err := s.ExtendSession(ctx, "ada-1", further); err != nil {
			t.Fatal(err)
		}
		if got, err := s.SessionByHash(ctx, "ada-1"); err != nil || !got.ExpiresAt.Equal(further) {
			t.Errorf("extended session expires %v (%v), want %v", got.ExpiresAt, err, further)
		}

		if err := s.DeleteSession(ctx, "ada-1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SessionByHash(ctx, "ada-1"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("after DeleteSession: %v, want paper.ErrNotFound", err)
		}

		// Signing out everywhere ends every session of the account, and no other.
		create("ada-2", ada.Email, ada.ID, later)
		create("ada-3", ada.Email, ada.ID, later)
		create("bob-1", bob.Email, bob.ID, later)
		if err := s.DeleteSessions(ctx, ada.ID); err != nil {
			t.Fatal(err)
		}
		for hash, want := range map[string]error{"ada-2": paper.ErrNotFound, "ada-3": paper.ErrNotFound, "bob-1": nil, "pending": nil} {
			if _, err := s.SessionByHash(ctx, hash); !errors.Is(err, want) {
				t.Errorf("after DeleteSessions(ada): SessionByHash(%s) = %v, want %v", hash, err, want)
			}
		}
	})
}

func TestCommunityAPITokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")
		first, err := s.CreateAPIToken(ctx, ada.ID, "script", "dp_aaaa", "hash-1")
		if err != nil {
			t.Fatal(err)
		}
		second, err := s.CreateAPIToken(ctx, ada.ID, "cron", "dp_bbbb", "hash-2")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateAPIToken(ctx, bob.ID, "bob's", "dp_cccc", "hash-3"); err != nil {
			t.Fatal(err)
		}

		list, err := s.APITokens(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.APIToken{{ID: second, Name: "cron", Prefix: "dp_bbbb"}, {ID: first, Name: "script", Prefix: "dp_aaaa"}}
		if diff := cmp.Diff(want, list, cmpopts.IgnoreFields(store.APIToken{}, "CreatedAt")); diff != "" {
			t.Errorf("APITokens, newest first (-want +got):\n%s", diff)
		}

		if a, err := s.AccountByAPIToken(ctx, "hash-1"); err != nil || a.ID != ada.ID {
			t.Errorf("AccountByAPIToken = %+v, %v; want ada", a, err)
		}
		if list, _ := s.APITokens(ctx, ada.ID); len(list) != 2 || list[1].LastUsed.IsZero() || !list[0].LastUsed.IsZero() {
			t.Errorf("after a use: %+v; want the used token's LastUsed set, only it", list)
		}
		if _, err := s.AccountByAPIToken(ctx, "unknown"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("AccountByAPIToken(unknown) = %v, want paper.ErrNotFound", err)
		}

		if err := s.RevokeAPIToken(ctx, bob.ID, first); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("revoking another account's token = %v, want paper.ErrNotFound", err)
		}
		if _, err := s.AccountByAPIToken(ctx, "hash-1"); err != nil {
			t.Errorf("after a refused revocation the token should still work: %v", err)
		}
		if err := s.RevokeAPIToken(ctx, ada.ID, 999999); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("revoking an unknown token = %v, want paper.ErrNotFound", err)
		}
		if err := s.RevokeAPIToken(ctx, ada.ID, first); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AccountByAPIToken(ctx, "hash-1"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("AccountByAPIToken(revoked) = %v, want paper.ErrNotFound", err)
		}
		if _, err := s.AccountByAPIToken(ctx, "hash-2"); err != nil {
			t.Errorf("the other token should still work: %v", err)
		}
		if list, _ := s.APITokens(ctx, ada.ID); len(list) != 2 || list[1].Revoked.IsZero() || !list[0].Revoked.IsZero() {
			t.Errorf("after revoking: %+v; want the first token revoked, only it", list)
		}
	})
}

func TestCommunityVotes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const p1, p2, p3 = "2406.00001", "2406.00002", "2406.00003"
		mustImport(t, s, feedItem(p1, 10, 0), feedItem(p2, 5, 0), offFeed(p3))
		ada, bob, cy := mustAccount(t, s, "ada"), mustAccount(t, s, "bob"), mustAccount(t, s, "cy")

		steps := []struct {
			name string
			who  store.Account
			up   bool
			want int
		}{
			{"ada up", ada, true, 11},
			{"bob up", bob, true, 12},
			{"cy up", cy, true, 13},
			{"ada up again", ada, true, 13},
			{"ada down", ada, false, 12},
			{"ada down again", ada, false, 12},
			{"ada up once more", ada, true, 13},
		}
		for _, st := range steps {
			got, err := s.Vote(ctx, st.who.ID, p1, st.up)
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if up, _ := entryCounts(t, s, p1); got != st.want || up != st.want {
				t.Errorf("%s: Vote = %d, entry %d; want %d", st.name, got, up, st.want)
			}
		}

		for _, id := range []string{p3, "2406.99999"} {
			for _, up := range []bool{true, false} {
				if _, err := s.Vote(ctx, ada.ID, id, up); !errors.Is(err, store.ErrNotOnFeed) || !errors.Is(err, paper.ErrNotFound) {
					t.Errorf("Vote(%s, up %v) = %v, want ErrNotOnFeed wrapping paper.ErrNotFound", id, up, err)
				}
			}
		}

		if _, err := s.Vote(ctx, ada.ID, p2, true); err != nil {
			t.Fatal(err)
		}
		got, err := s.Upvoted(ctx, ada.ID, []string{p1, p2, p3, "2406.99999"})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(map[string]bool{p1: true, p2: true}, got); diff != "" {
			t.Errorf("Upvoted(ada) (-want +got):\n%s", diff)
		}
		if got, err := s.Upvoted(ctx, bob.ID, []string{p2}); err != nil || len(got) != 0 {
			t.Errorf("Upvoted(bob, p2) = %v, %v; want none", got, err)
		}
		if got, err := s.Upvoted(ctx, bob.ID, nil); err != nil || len(got) != 0 {
			t.Errorf("Upvoted(bob, nothing) = %v, %v; want none", got, err)
		}

		entries, err := s.UpvotedEntries(ctx, ada.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{p2, p1}, entryIDs(entries)); diff != "" {
			t.Errorf("UpvotedEntries(ada), latest vote first (-want +got):\n%s", diff)
		}
		if entries, err := s.UpvotedEntries(ctx, ada.ID, 1); err != nil || len(entries) != 1 {
			t.Errorf("UpvotedEntries(limit 1) = %d entries, %v", len(entries), err)
		}
		if entries, err := s.UpvotedEntries(ctx, cy.ID, 10); err != nil || len(entries) != 1 || entries[0].Entry.Upvotes != 13 {
			t.Errorf("UpvotedEntries(cy) = %+v, %v; want p1 with 13 votes", entries, err)
		}
	})
}

func TestCommunityConcurrentVotes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 10, 0))
		accounts := make([]store.Account, 100)
		for i := range accounts {
			accounts[i] = mustAccount(t, s, fmt.Sprintf("voter%03d", i))
		}
		voteAll := func() {
			t.Helper()
			errs := race(t, s, len(accounts), func(i int) error {
				_, err := s.Vote(ctx, accounts[i].ID, id, true)
				return err
			})
			if err := errors.Join(errs...); err != nil {
				t.Fatal(err)
			}
		}
		voteAll()
		if up, _ := entryCounts(t, s, id); up != 110 {
			t.Errorf("after 100 concurrent votes: %d upvotes, want 110", up)
		}
		voteAll()
		if up, _ := entryCounts(t, s, id); up != 110 {
			t.Errorf("after the same 100 votes again: %d upvotes, want 110", up)
		}
	})
}

// A re-import brings Hugging Face's count; the votes made here are added to
// it, never lost, and an unchanged record stays unchanged.
func TestCommunityVotesSurviveReimport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 10, 0))
		voters := []store.Account{mustAccount(t, s, "ada"), mustAccount(t, s, "bob"), mustAccount(t, s, "cy")}
		for _, a := range voters {
			if _, err := s.Vote(ctx, a.ID, id, true); err != nil {
				t.Fatal(err)
			}
		}
		steps := []struct {
			name     string
			do       func()
			imported int
			want     store.ImportCounts
			upvotes  int
		}{
			{"same count", nil, 10, store.ImportCounts{Unchanged: 1}, 13},
			{"higher count", nil, 12, store.ImportCounts{Updated: 1}, 15},
			{"higher count again", nil, 12, store.ImportCounts{Unchanged: 1}, 15},
			{"older snapshot", nil, 11, store.ImportCounts{Unchanged: 1}, 15},
			{"after a vote withdrawn", func() {
				if _, err := s.Vote(ctx, voters[0].ID, id, false); err != nil {
					t.Fatal(err)
				}
			}, 12, store.ImportCounts{Unchanged: 1}, 14},
		}
		for _, st := range steps {
			if st.do != nil {
				st.do()
			}
			got := mustImport(t, s, feedItem(id, st.imported, 0))
			if got != st.want {
				t.Errorf("%s: Import = %+v, want %+v", st.name, got, st.want)
			}
			if up, _ := entryCounts(t, s, id); up != st.upvotes {
				t.Errorf("%s: %d upvotes, want %d", st.name, up, st.upvotes)
			}
		}
	})
}

func TestCommunityComments(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const p1, p2, p3 = "2406.00001", "2406.00002", "2406.00003"
		mustImport(t, s, feedItem(p1, 0, 2), feedItem(p2, 0, 0), offFeed(p3))
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")

		c1 := mustComment(t, s, p1, 0, ada.ID, "A *fine* paper.")
		r1 := mustComment(t, s, p1, c1, bob.ID, "Agreed.")
		other := mustComment(t, s, p2, 0, bob.ID, "Elsewhere.")

		refused := []struct {
			name        string
			paperID     string
			parentID    int64
			want, class error
		}{
			{"reply to a reply", p1, r1, store.ErrReplyToReply, paper.ErrInvalid},
			{"reply to another paper's comment", p1, other, paper.ErrNotFound, paper.ErrNotFound},
			{"reply to an unknown comment", p1, 999999, paper.ErrNotFound, paper.ErrNotFound},
			{"paper on no feed day", p3, 0, store.ErrNotOnFeed, paper.ErrNotFound},
			{"unknown paper", "2406.99999", 0, store.ErrNotOnFeed, paper.ErrNotFound},
		}
		for _, r := range refused {
			if _, err := s.AddComment(ctx, r.paperID, r.parentID, ada.ID, "x"); !errors.Is(err, r.want) || !errors.Is(err, r.class) {
				t.Errorf("%s: AddComment = %v, want %v (%v)", r.name, err, r.want, r.class)
			}
		}
		if _, n := entryCounts(t, s, p1); n != 4 {
			t.Errorf("num_comments = %d, want 2 imported + 2 here", n)
		}

		got, err := s.Comments(ctx, p1)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.Comment{
			{ID: c1, PaperID: p1, Author: ada, Body: "A *fine* paper.", HTML: "<p>A <em>fine</em> paper.</p>\n"},
			{ID: r1, PaperID: p1, ParentID: c1, Author: bob, Body: "Agreed.", HTML: "<p>Agreed.</p>\n"},
		}
		ignoreTimes := cmpopts.IgnoreFields(store.Comment{}, "Created", "Updated")
		if diff := cmp.Diff(want, got, ignoreTimes); diff != "" {
			t.Errorf("Comments (-want +got):\n%s", diff)
		}
		for _, c := range got {
			if c.Created.IsZero() || c.Edited() || !c.Visible() {
				t.Errorf("comment %d: created %v, edited %v, visible %v; want a time, not edited, visible", c.ID, c.Created, c.Edited(), c.Visible())
			}
		}
		if c, err := s.Comment(ctx, r1); err != nil || c.ParentID != c1 || c.Author.Name != "bob" {
			t.Errorf("Comment(r1) = %+v, %v", c, err)
		}
		if _, err := s.Comment(ctx, 999999); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Comment(unknown) = %v, want paper.ErrNotFound", err)
		}
		if cs, err := s.Comments(ctx, p3); err != nil || len(cs) != 0 {
			t.Errorf("Comments(no discussion) = %v, %v", cs, err)
		}

		if err := s.DeleteComment(ctx, c1); err != nil {
			t.Fatal(err)
		}
		// A deleted comment keeps its place, for its replies.
		if cs, _ := s.Comments(ctx, p1); len(cs) != 2 || !cs[0].Deleted || cs[0].Visible() {
			t.Errorf("after delete: %+v; want the comment kept, deleted", cs)
		}
		by, err := s.CommentsBy(ctx, ada.ID, 10)
		if err != nil || len(by) != 0 {
			t.Errorf("CommentsBy(ada) = %v, %v; want none visible", commentIDs(by), err)
		}
		by, err = s.CommentsBy(ctx, bob.ID, 10)
		if diff := cmp.Diff([]int64{other, r1}, commentIDs(by)); err != nil || diff != "" {
			t.Errorf("CommentsBy(bob), newest first (-want +got):\n%s%v", diff, err)
		}
	})
}

// num_comments counts what readers see: it moves as comments appear,
// disappear and come back, and never twice for one change.
func TestCommunityCommentCounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 5))
		ada, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "cur")
		var c1, c2, c3 int64
		steps := []struct {
			name string
			do   func() error
			want int
		}{
			{"comment", func() (err error) { c1, err = s.AddComment(ctx, id, 0, ada.ID, "one"); return err }, 6},
			{"reply", func() (err error) { c2, err = s.AddComment(ctx, id, c1, ada.ID, "two"); return err }, 7},
			{"another comment", func() (err error) { c3, err = s.AddComment(ctx, id, 0, ada.ID, "three"); return err }, 8},
			{"delete", func() error { return s.DeleteComment(ctx, c2) }, 7},
			{"delete again", func() error { return s.DeleteComment(ctx, c2) }, 7},
			{"hide", func() error { return s.HideComment(ctx, c1, "spam", cur.ID) }, 6},
			{"hide for another reason", func() error { return s.HideComment(ctx, c1, "abuse", cur.ID) }, 6},
			{"unhide", func() error { return s.HideComment(ctx, c1, "", cur.ID) }, 7},
			{"unhide again", func() error { return s.HideComment(ctx, c1, "", cur.ID) }, 7},
			{"hide a deleted comment", func() error { return s.HideComment(ctx, c2, "spam", cur.ID) }, 7},
			{"unhide a deleted comment", func() error { return s.HideComment(ctx, c2, "", cur.ID) }, 7},
			{"hide, then delete", func() error { return s.HideComment(ctx, c3, "off-topic", cur.ID) }, 6},
			{"delete a hidden comment", func() error { return s.DeleteComment(ctx, c3) }, 6},
			{"unhide a hidden deleted comment", func() error { return s.HideComment(ctx, c3, "", cur.ID) }, 6},
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if _, n := entryCounts(t, s, id); n != st.want {
				t.Errorf("%s: num_comments = %d, want %d", st.name, n, st.want)
			}
		}
		if c, err := s.Comment(ctx, c1); err != nil || !c.Visible() || c.HiddenReason != "" {
			t.Errorf("unhidden comment = %+v, %v; want visible", c, err)
		}
		if err := s.DeleteComment(ctx, 999999); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("DeleteComment(unknown) = %v, want paper.ErrNotFound", err)
		}
		if err := s.HideComment(ctx, 999999, "spam", cur.ID); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("HideComment(unknown) = %v, want paper.ErrNotFound", err)
		}
	})
}

func TestCommunityCommentEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		ada := mustAccount(t, s, "ada")
		c := mustComment(t, s, id, 0, ada.ID, "first")
		for _, body := range []string{"second", "second", "third"} { // the repeat changes nothing
			if err := s.EditComment(ctx, c, body); err != nil {
				t.Fatalf("EditComment(%q): %v", body, err)
			}
		}
		got, err := s.Comment(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if got.Body != "third" || !got.Edited() || !got.Visible() {
			t.Errorf("edited comment = %+v (edited %v); want the last text, edited", got, got.Edited())
		}
		history, err := s.CommentHistory(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		var bodies []string
		for _, e := range history {
			bodies = append(bodies, e.Body)
			if e.Edited.Before(got.Created) || e.Edited.After(got.Updated) {
				t.Errorf("edit of %q at %v, outside [%v, %v]", e.Body, e.Edited, got.Created, got.Updated)
			}
		}
		if diff := cmp.Diff([]string{"first", "second"}, bodies); diff != "" {
			t.Errorf("CommentHistory, oldest first (-want +got):\n%s", diff)
		}

		unedited := mustComment(t, s, id, 0, ada.ID, "plain")
		if h, err := s.CommentHistory(ctx, unedited); err != nil || len(h) != 0 {
			t.Errorf("CommentHistory(unedited) = %v, %v; want none", h, err)
		}
		if err := s.DeleteComment(ctx, c); err != nil {
			t.Fatal(err)
		}
		if err := s.EditComment(ctx, c, "back from the dead"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("EditComment(deleted) = %v, want paper.ErrNotFound", err)
		}
		if err := s.EditComment(ctx, 999999, "x"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("EditComment(unknown) = %v, want paper.ErrNotFound", err)
		}
	})
}

// A double-clicked delete, or two curators hiding one comment at once, must
// move num_comments once.
func TestCommunityConcurrentCommentState(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		ada, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "cur")
		deleted := mustComment(t, s, id, 0, ada.ID, "oops")
		hidden := mustComment(t, s, id, 0, ada.ID, "spam")
		steps := []struct {
			name string
			do   func(i int) error
			want int
		}{
			{"ten deletes", func(int) error { return s.DeleteComment(ctx, deleted) }, 1},
			{"ten hides", func(i int) error {
				return s.HideComment(ctx, hidden, store.HideReasons[i%len(store.HideReasons)], cur.ID)
			}, 0},
			{"ten unhides", func(int) error { return s.HideComment(ctx, hidden, "", cur.ID) }, 1},
		}
		for _, st := range steps {
			if err := errors.Join(race(t, s, 10, st.do)...); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if _, n := entryCounts(t, s, id); n != st.want {
				t.Errorf("after %s: num_comments = %d, want %d", st.name, n, st.want)
			}
		}
	})
}

// Edits made at once each keep the text they replaced: none is lost from
// the history.
func TestCommunityConcurrentEdits(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 0))
		ada := mustAccount(t, s, "ada")
		c := mustComment(t, s, id, 0, ada.ID, "original")
		const n = 10
		errs := race(t, s, n, func(i int) error { return s.EditComment(ctx, c, fmt.Sprintf("edit %d", i)) })
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		history, err := s.CommentHistory(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		final, err := s.Comment(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		// Every text ever written appears once: in the history, or as the
		// comment's body.
		texts := []string{final.Body}
		for _, e := range history {
			texts = append(texts, e.Body)
		}
		want := []string{"original"}
		for i := range n {
			want = append(want, fmt.Sprintf("edit %d", i))
		}
		sorted := cmpopts.SortSlices(func(a, b string) bool { return a < b })
		if diff := cmp.Diff(want, texts, sorted); diff != "" {
			t.Errorf("texts in history and body (-want +got):\n%s", diff)
		}
	})
}

func TestCommunityCommentsSurviveReimport(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, feedItem(id, 0, 5))
		ada := mustAccount(t, s, "ada")
		c1 := mustComment(t, s, id, 0, ada.ID, "one")
		mustComment(t, s, id, c1, ada.ID, "two")
		steps := []struct {
			name     string
			do       func() error
			imported int
			want     store.ImportCounts
			comments int
		}{
			{"same count", nil, 5, store.ImportCounts{Unchanged: 1}, 7},
			{"higher count", nil, 6, store.ImportCounts{Updated: 1}, 8},
			{"higher count again", nil, 6, store.ImportCounts{Unchanged: 1}, 8},
			{"after a delete", func() error { return s.DeleteComment(ctx, c1) }, 6, store.ImportCounts{Unchanged: 1}, 7},
		}
		for _, st := range steps {
			if st.do != nil {
				if err := st.do(); err != nil {
					t.Fatal(err)
				}
			}
			got := mustImport(t, s, feedItem(id, 0, st.imported))
			if got != st.want {
				t.Errorf("%s: Import = %+v, want %+v", st.name, got, st.want)
			}
			if _, n := entryCounts(t, s, id); n != st.comments {
				t.Errorf("%s: num_comments = %d, want %d", st.name, n, st.comments)
			}
		}
	})
}

func TestCommunityModeration(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const p1, p2 = "2406.00001", "2406.00002"
		mustImport(t, s, feedItem(p1, 0, 0), offFeed(p2))
		ada, bob, cy, cur := mustAccount(t, s, "ada"), mustAccount(t, s, "bob"), mustAccount(t, s, "cy"), mustAccount(t, s, "cur")
		c1 := mustComment(t, s, p1, 0, ada.ID, "buy my book")
		c2 := mustComment(t, s, p1, 0, bob.ID, "rude words")
		c3 := mustComment(t, s, p1, 0, ada.ID, "about something else")
		quiet := mustComment(t, s, p1, 0, cy.ID, "a fair point")

		reports := []struct {
			comment int64
			by      store.Account
		}{{c1, bob}, {c1, bob}, {c1, cy}, {c2, ada}}
		for _, r := range reports {
			if err := s.ReportComment(ctx, r.comment, r.by.ID, "spam"); err != nil {
				t.Fatalf("ReportComment(%d by %s): %v", r.comment, r.by.Name, err)
			}
		}
		for id, want := range map[int64]int{c1: 2, c2: 1, quiet: 0} {
			if c, err := s.Comment(ctx, id); err != nil || c.Reports != want {
				t.Errorf("Comment(%d).Reports = %d, %v; want %d (a second report by one reader counts once)", id, c.Reports, err, want)
			}
		}
		if err := s.HideComment(ctx, c3, "off-topic", cur.ID); err != nil {
			t.Fatal(err)
		}
		if err := s.Submit(ctx, store.Submission{PaperID: p2, Day: "2024-06-04", Submitter: bob.ID}); err != nil {
			t.Fatal(err)
		}

		q, err := s.Moderation(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]int64{c2, c1}, commentIDs(q.Reported)); diff != "" {
			t.Errorf("Moderation.Reported, newest first (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]int64{c3}, commentIDs(q.Hidden)); diff != "" || q.Hidden[0].HiddenReason != "off-topic" {
			t.Errorf("Moderation.Hidden (-want +got):\n%s%+v", diff, q.Hidden)
		}
		// Imported entries have a (Hugging Face) submitter too; the
		// submission made here is the latest.
		if len(q.Recent) == 0 || q.Recent[0].Paper.ID != p2 || q.Recent[0].Submitter == nil || q.Recent[0].Submitter.Name != "bob" {
			t.Errorf("Moderation.Recent = %v; want bob's submission of %s first", entryIDs(q.Recent), p2)
		}
		if q, err := s.Moderation(ctx, 1); err != nil || len(q.Reported) != 1 || len(q.Recent) != 1 {
			t.Errorf("Moderation(limit 1) = %d reported, %d recent, %v", len(q.Reported), len(q.Recent), err)
		}

		if err := s.ResolveReports(ctx, c1); err != nil {
			t.Fatal(err)
		}
		if c, err := s.Comment(ctx, c1); err != nil || c.Reports != 0 {
			t.Errorf("after ResolveReports: %d reports, %v; want 0", c.Reports, err)
		}
		q, err = s.Moderation(ctx, 10)
		if diff := cmp.Diff([]int64{c2}, commentIDs(q.Reported)); err != nil || diff != "" {
			t.Errorf("Moderation.Reported after resolving (-want +got):\n%s%v", diff, err)
		}
	})
}

func TestCommunityAudit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		cur := mustAccount(t, s, "cur")
		actions := []struct {
			actor                  int64
			action, target, detail string
		}{
			{cur.ID, "comment.hide", "comment 12", "spam"},
			{0, "user.role", "user ada", "curator"},
			{cur.ID, "paper.links", "paper 2406.00001", ""},
		}
		start := time.Now().Add(-time.Minute)
		for _, a := range actions {
			if err := s.Audit(ctx, a.actor, a.action, a.target, a.detail); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.AuditLog(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.AuditEntry{
			{Actor: "cur", Action: "paper.links", Target: "paper 2406.00001"},
			{Actor: "", Action: "user.role", Target: "user ada", Detail: "curator"},
			{Actor: "cur", Action: "comment.hide", Target: "comment 12", Detail: "spam"},
		}
		if diff := cmp.Diff(want, got, cmpopts.IgnoreFields(store.AuditEntry{}, "At")); diff != "" {
			t.Errorf("AuditLog, newest first (-want +got):\n%s", diff)
		}
		for _, e := range got {
			if e.At.Before(start) {
				t.Errorf("%s at %v, before the test started", e.Action, e.At)
			}
		}
		if got, err := s.AuditLog(ctx, 1); err != nil || len(got) != 1 || got[0].Action != "paper.links" {
			t.Errorf("AuditLog(1) = %+v, %v; want the newest only", got, err)
		}
	})
}

func TestCommunitySubmit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const onHF = "2406.00001"
		papers := []string{"2406.00002", "2406.00003", "2406.00004", "2406.00005"}
		mustImport(t, s, feedItem(onHF, 10, 0))
		for _, id := range papers {
			mustImport(t, s, offFeed(id))
		}
		ada, bob := mustAccount(t, s, "ada"), mustAccount(t, s, "bob")

		if err := s.Submit(ctx, store.Submission{PaperID: papers[0], Day: "2024-06-10", Submitter: ada.ID}); err != nil {
			t.Fatal(err)
		}
		day, err := s.DayEntries(ctx, "2024-06-10")
		if err != nil || len(day) != 1 {
			t.Fatalf("DayEntries = %v, %v; want the submission", entryIDs(day), err)
		}
		e := day[0]
		if e.Paper.ID != papers[0] || e.Entry.Submitter != "ada" || e.Submitter == nil || e.Submitter.Name != "ada" ||
			e.Entry.Upvotes != 0 || e.Entry.NumComments != 0 || e.Entry.SubmittedAt.IsZero() {
			t.Errorf("submitted entry = %+v", e)
		}

		dups := []struct {
			name string
			sub  store.Submission
			day  string
		}{
			{"again, another day, by another", store.Submission{PaperID: papers[0], Day: "2024-06-11", Submitter: bob.ID}, "2024-06-10"},
			{"a paper imported on the feed", store.Submission{PaperID: onHF, Day: "2024-06-11", Submitter: bob.ID}, feedDay},
		}
		for _, d := range dups {
			err := s.Submit(ctx, d.sub)
			var already *store.AlreadySubmitted
			if !errors.As(err, &already) || already.Day != d.day || !errors.Is(err, paper.ErrConflict) {
				t.Errorf("%s: Submit = %v, want AlreadySubmitted on %s wrapping paper.ErrConflict", d.name, err, d.day)
			}
		}

		// At most two a day each: ada's third on the 10th is refused, not
		// one on another day, nor bob's.
		limited := []struct {
			sub     store.Submission
			tooMany bool
		}{
			{store.Submission{PaperID: papers[1], Day: "2024-06-10", Submitter: ada.ID, MaxPerDay: 2}, false},
			{store.Submission{PaperID: papers[2], Day: "2024-06-10", Submitter: ada.ID, MaxPerDay: 2}, true},
			{store.Submission{PaperID: papers[2], Day: "2024-06-11", Submitter: ada.ID, MaxPerDay: 2}, false},
			{store.Submission{PaperID: papers[3], Day: "2024-06-10", Submitter: bob.ID, MaxPerDay: 2}, false},
		}
		for _, l := range limited {
			err := s.Submit(ctx, l.sub)
			var many *store.TooManySubmissions
			switch {
			case l.tooMany && (!errors.As(err, &many) || many.Max != 2):
				t.Errorf("Submit(%+v) = %v, want TooManySubmissions{Max: 2}", l.sub, err)
			case !l.tooMany && err != nil:
				t.Errorf("Submit(%+v) = %v", l.sub, err)
			}
		}
		if e, err := s.Entry(ctx, papers[2]); err != nil || e.Entry.Day != "2024-06-11" {
			t.Errorf("Entry(%s) = %+v, %v; want on 2024-06-11", papers[2], e.Entry, err)
		}
	})
}

// Ten people submitting one paper at once, each for a different day: one
// wins, and the others learn the day it is on.
func TestCommunityConcurrentSubmit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const id = "2406.00001"
		mustImport(t, s, offFeed(id))
		subs := make([]store.Submission, 10)
		for i := range subs {
			a := mustAccount(t, s, fmt.Sprintf("user%d", i))
			subs[i] = store.Submission{PaperID: id, Day: fmt.Sprintf("2024-06-%02d", 10+i), Submitter: a.ID, MaxPerDay: 3}
		}
		errs := race(t, s, len(subs), func(i int) error { return s.Submit(ctx, subs[i]) })
		winner := ""
		for i, err := range errs {
			if err == nil {
				if winner != "" {
					t.Errorf("both %s and %s won", winner, subs[i].Day)
				}
				winner = subs[i].Day
			}
		}
		if winner == "" {
			t.Fatalf("no submission succeeded: %v", errors.Join(errs...))
		}
		for i, err := range errs {
			var already *store.AlreadySubmitted
			if err != nil && (!errors.As(err, &already) || already.Day != winner) {
				t.Errorf("Submit for %s = %v, want AlreadySubmitted on %s", subs[i].Day, err, winner)
			}
		}
		if e, err := s.Entry(ctx, id); err != nil || e.Entry.Day != winner {
			t.Errorf("Entry = %+v, %v; want on %s", e.Entry, err, winner)
		}
	})
}

func TestCommunitySetLinks(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		p := fullPaper()
		mustImport(t, s, store.Item{Paper: p})
		steps := []struct{ repo, page string }{
			{"https://github.com/ada/engine", "https://engine.example/"},
			{"https://github.com/ada/engine", ""},
			{"", ""},
		}
		for _, st := range steps {
			if err := s.SetLinks(ctx, p.ID, st.repo, st.page); err != nil {
				t.Fatal(err)
			}
			got, err := s.GetPaper(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.GitHubRepo != st.repo || got.ProjectPage != st.page || got.Title != p.Title {
				t.Errorf("after SetLinks(%q, %q): repo %q, page %q, title %q", st.repo, st.page, got.GitHubRepo, got.ProjectPage, got.Title)
			}
		}
		if err := s.SetLinks(ctx, "2406.99999", "https://github.com/a/b", ""); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("SetLinks(unknown) = %v, want paper.ErrNotFound", err)
		}
	})
}

// Caches key on DataVersion: what readers see changing must change it.
func TestCommunityDataVersion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const onFeed, toSubmit = "2406.00001", "2406.00002"
		mustImport(t, s, feedItem(onFeed, 1, 0), offFeed(toSubmit))
		ada := mustAccount(t, s, "ada")
		sub := store.Submission{PaperID: toSubmit, Day: "2024-06-04", Submitter: ada.ID}
		var comment int64
		steps := []struct {
			name    string
			do      func() error
			changes bool
		}{
			{"vote", func() error { _, err := s.Vote(ctx, ada.ID, onFeed, true); return err }, true},
			{"the same vote", func() error { _, err := s.Vote(ctx, ada.ID, onFeed, true); return err }, false},
			{"unvote", func() error { _, err := s.Vote(ctx, ada.ID, onFeed, false); return err }, true},
			{"comment", func() (err error) { comment, err = s.AddComment(ctx, onFeed, 0, ada.ID, "hi"); return err }, true},
			{"edit", func() error { return s.EditComment(ctx, comment, "hello") }, true},
			{"delete", func() error { return s.DeleteComment(ctx, comment) }, true},
			{"submit", func() error { return s.Submit(ctx, sub) }, true},
			{"links", func() error { return s.SetLinks(ctx, toSubmit, "https://github.com/a/b", "") }, true},
		}
		before, err := s.DataVersion(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, st := range steps {
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after, err := s.DataVersion(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if changed := after != before; changed != st.changes {
				t.Errorf("%s: data version %d -> %d, want changed = %v", st.name, before, after, st.changes)
			}
			before = after
		}
	})
}
