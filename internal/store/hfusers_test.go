package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// Someone who registers a Hugging Face submitter's username before that day
// is imported does not become the submitter: the import names a Hugging
// Face user apart from the account, leaves the account's profile alone, and
// the account's profile lists only what it submitted here.
func TestCommunityImportNeverMergesAccounts(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		const imported, local = "2406.00001", "2406.00002"
		mustImport(t, s, offFeed(local))
		squatter, err := s.CreateAccount(ctx, store.Account{Name: "akhaliq", FullName: "Not AK", Email: "squat@example.com"})
		if err != nil {
			t.Fatal(err)
		}
		it := feedItem(imported, 5, 0)
		it.Submitter.AvatarURL, it.Submitter.HFID = "https://cdn.example.org/ak.png", "60f1abe7544c2adfd699860c"
		mustImport(t, s, it)

		a, err := s.AccountByName(ctx, "akhaliq")
		if err != nil || a.FullName != "Not AK" || a.AvatarURL != "" || a.ID != squatter.ID {
			t.Errorf("account after the import = %+v, %v; want its own profile untouched", a, err)
		}
		e, err := s.Entry(ctx, imported)
		if err != nil {
			t.Fatal(err)
		}
		if e.Submitter == nil || e.Submitter.Origin != paper.OriginHF || e.Submitter.FullName != "AK" || e.Submitter.HFID != "60f1abe7544c2adfd699860c" {
			t.Errorf("imported entry's submitter = %+v; want the Hugging Face user AK", e.Submitter)
		}
		if e.SubmittedBy(squatter) || e.SubmitterID != 0 {
			t.Errorf("imported entry (submitter id %d) counts as submitted by the account of the same name", e.SubmitterID)
		}

		if err := s.Submit(ctx, store.Submission{PaperID: local, Day: "2024-06-10", Submitter: squatter.ID}); err != nil {
			t.Fatal(err)
		}
		mine, err := s.Entry(ctx, local)
		if err != nil || !mine.SubmittedBy(squatter) || !mine.Submitter.Local() || mine.Submitter.FullName != "Not AK" {
			t.Errorf("entry submitted here = %+v (submitter %+v), %v; want the account's", mine.Entry, mine.Submitter, err)
		}
		// A re-import naming a Hugging Face submitter for a paper submitted
		// here keeps the submission the account's.
		again := feedItem(local, 3, 0)
		again.Entry.Day = "2024-06-10"
		mustImport(t, s, again)
		if mine, err = s.Entry(ctx, local); err != nil || !mine.SubmittedBy(squatter) || !mine.Submitter.Local() {
			t.Errorf("after a re-import, the local submission = %+v (submitter %+v), %v", mine.Entry, mine.Submitter, err)
		}

		lists := []struct {
			q    store.ListQuery
			want string
		}{
			{store.ListQuery{Submitter: "akhaliq"}, "[" + local + "]"},                                   // the profile page /u/akhaliq
			{store.ListQuery{Submitter: "akhaliq", AnyOrigin: true}, "[" + imported + " " + local + "]"}, // the API's submitter=
		}
		for _, l := range lists {
			es, err := s.Entries(ctx, l.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(entryIDs(es)); got != l.want {
				t.Errorf("Entries(%+v) = %s, want %s", l.q, got, l.want)
			}
		}
	})
}

// A name an imported Hugging Face user holds, in any case, is not free to
// register: the account would look like them.
func TestCommunitySignupRefusesImportedNames(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		mustImport(t, s, feedItem("2406.00001", 1, 0))
		_, err := s.CreateAccount(context.Background(), store.Account{Name: "AKHALIQ", Email: "ak@example.com"})
		if !errors.Is(err, store.ErrNameTaken) {
			t.Errorf("CreateAccount(AKHALIQ) = %v, want ErrNameTaken", err)
		}
	})
}

// Migration 10 takes imported people out of the accounts of a database
// that mixed them: a user without an address was imported; an account whose
// profile an import overwrote (it has a Hugging Face id) gets its imported
// twin back, who takes the entries that came from an import.
func TestMigrationSeparatesImportedUsers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		old, err := store.Open(ctx, dsn, store.Options{NoMigrate: true})
		if err != nil {
			t.Fatal(err)
		}
		defer old.Close()
		if err := old.MigrateToForTest(ctx, 8); err != nil {
			t.Fatal(err)
		}
		db := rawDB(t, dsn)
		const at = "'2024-06-03 08:00:00+00:00'"
		for _, q := range []string{
			`INSERT INTO users (id, name, full_name, avatar_url, hf_id, email, created_at) VALUES
				(1, 'akhaliq', 'AK', 'https://cdn.example.org/ak.png', '60f1abe7', NULL, ` + at + `),
				(2, 'ada', 'Ada Lovelace', '', '', 'ada@example.com', ` + at + `),
				(3, 'taesiri', 'Imported T', 'https://cdn.example.org/t.png', '63d3e0e8', 'squat@example.com', ` + at + `)`,
			`INSERT INTO papers (id, title, created_at, modified_at) VALUES
				('2406.00001', 'One', ` + at + `, ` + at + `), ('2406.00002', 'Two', ` + at + `, ` + at + `),
				('2406.00003', 'Three', ` + at + `, ` + at + `), ('2406.00004', 'Four', ` + at + `, ` + at + `)`,
			`INSERT INTO daily_entries (paper_id, day, submitted_at, submitter_id, upvotes, local_upvotes, thumbnail) VALUES
				('2406.00001', '2024-06-03', ` + at + `, 1, 7, 0, 'https://cdn.example.org/1.png'),
				('2406.00002', '2024-06-03', ` + at + `, 2, 1, 1, ''),
				('2406.00003', '2024-06-03', ` + at + `, 3, 9, 0, 'https://cdn.example.org/3.png'),
				('2406.00004', '2024-06-03', ` + at + `, 3, 2, 2, '')`,
		} {
			if _, err := db.ExecContext(ctx, q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		if _, err := old.Migrate(ctx); err != nil {
			t.Fatalf("Migrate: %v", err)
		}
		s := open(t, dsn)

		if a, err := s.AccountByName(ctx, "akhaliq"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("AccountByName(akhaliq) = %+v, %v; want no account", a, err)
		}
		for name, full := range map[string]string{"akhaliq": "AK", "taesiri": "Imported T"} {
			if u, err := s.HFUser(ctx, name); err != nil || u.FullName != full || u.HFID == "" || u.AvatarURL == "" {
				t.Errorf("HFUser(%s) = %+v, %v; want the imported profile", name, u, err)
			}
		}
		squatter, err := s.AccountByName(ctx, "taesiri")
		if err != nil || squatter.Email != "squat@example.com" || squatter.AvatarURL != "" {
			t.Errorf("merged account = %+v, %v; want it kept, less the imported picture", squatter, err)
		}
		ada, err := s.AccountByName(ctx, "ada")
		if err != nil {
			t.Fatal(err)
		}
		want := []struct {
			id, name string
			origin   paper.Origin
			by       store.Account
		}{
			{"2406.00001", "akhaliq", paper.OriginHF, store.Account{}},
			{"2406.00002", "ada", paper.OriginLocal, ada},
			{"2406.00003", "taesiri", paper.OriginHF, store.Account{}},
			{"2406.00004", "taesiri", paper.OriginLocal, squatter},
		}
		for _, w := range want {
			e, err := s.Entry(ctx, w.id)
			if err != nil {
				t.Fatal(err)
			}
			if e.Submitter == nil || e.Submitter.Name != w.name || e.Submitter.Origin != w.origin {
				t.Errorf("%s: submitter %+v, want %s from %s", w.id, e.Submitter, w.name, w.origin)
			}
			if got := e.SubmitterID; got != w.by.ID {
				t.Errorf("%s: submitted here by account %d, want %d", w.id, got, w.by.ID)
			}
		}
	})
}
