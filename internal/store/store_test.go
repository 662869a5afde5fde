package store_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

func open(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func date(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fullPaper has every field set, to prove each one survives the round trip.
func fullPaper() paper.Paper {
	return paper.Paper{
		ID: "2406.12345", Version: 2, Title: "A $\\beta$-test of everything", Abstract: "We test.",
		Authors:         []paper.Author{{Name: "Ada Lovelace", Affiliations: []string{"Analytical Engine Co.", "London"}}, {Name: "Alan Turing"}},
		PrimaryCategory: "cs.LG", Categories: []string{"cs.LG", "stat.ML"}, Comments: "12 pages",
		JournalRef: "J. Tests 1 (2024) 1", DOIs: []string{"10.1000/a", "10.1000/b"}, ReportNo: "R-1",
		ACMClass: "I.2.6", MSCClass: "68T05", License: "http://creativecommons.org/licenses/by/4.0/",
		Submitter: "Ada Lovelace",
		Versions: []paper.Version{{Version: 1, Date: date("2024-06-17T10:00:00Z"), Size: "100kb", SourceType: "D"},
			{Version: 2, Date: date("2024-06-20T10:00:00Z")}},
		Withdrawn: true, PublishedAt: date("2024-06-17T10:00:00Z"), UpdatedAt: date("2024-06-20T10:00:00Z"),
		GitHubRepo: "https://github.com/a/b", GitHubStars: 42, ProjectPage: "https://a.example/",
		AISummary: "It tests.", AIKeywords: []string{"testing", "everything"},
	}
}

func TestPaperRoundTrip(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		want := fullPaper()
		counts, err := s.Import(ctx, []store.Item{{Paper: want}})
		if err != nil {
			t.Fatal(err)
		}
		if counts != (store.ImportCounts{New: 1}) {
			t.Errorf("counts = %+v, want one new", counts)
		}
		got, err := s.GetPaper(ctx, want.ID)
		if err != nil {
			t.Fatal(err)
		}
		want.Normalize()
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("GetPaper (-want +got):\n%s", diff)
		}
		if _, err := s.GetPaper(ctx, "2406.99999"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("GetPaper(unknown) = %v, want ErrNotFound", err)
		}
	})
}

func TestImportIdempotentAndOrdered(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		v1 := paper.Paper{ID: "2406.00001", Version: 1, Title: "Old title", Abstract: "old",
			PublishedAt: date("2024-06-01T00:00:00Z"), UpdatedAt: date("2024-06-01T00:00:00Z"),
			Versions: []paper.Version{{Version: 1, Date: date("2024-06-01T00:00:00Z")}}}
		v2 := v1
		v2.Version, v2.Title, v2.UpdatedAt = 2, "New title", date("2024-06-09T00:00:00Z")
		v2.Versions = []paper.Version{{Version: 2, Date: date("2024-06-09T00:00:00Z")}}
		v2.License = "" // a newer record without a field keeps the stored one
		v1.License = "cc-by"

		steps := []struct {
			name  string
			in    paper.Paper
			want  store.ImportCounts
			title string
		}{
			{"first", v1, store.ImportCounts{New: 1}, "Old title"},
			{"again", v1, store.ImportCounts{Unchanged: 1}, "Old title"},
			{"newer", v2, store.ImportCounts{Updated: 1}, "New title"},
			{"older after newer", v1, store.ImportCounts{Unchanged: 1}, "New title"},
			{"newer again", v2, store.ImportCounts{Unchanged: 1}, "New title"},
		}
		for _, st := range steps {
			got, err := s.Import(ctx, []store.Item{{Paper: st.in}})
			if err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			if got != st.want {
				t.Errorf("%s: counts %+v, want %+v", st.name, got, st.want)
			}
			p, err := s.GetPaper(ctx, v1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if p.Title != st.title {
				t.Errorf("%s: title %q, want %q", st.name, p.Title, st.title)
			}
		}
		p, _ := s.GetPaper(ctx, v1.ID)
		if p.License != "cc-by" || p.Version != 2 || len(p.Versions) != 2 || !p.PublishedAt.Equal(v1.PublishedAt) {
			t.Errorf("merged paper = %+v", p)
		}
	})
}

func TestEntriesAndUsers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		ak := &paper.User{Name: "akhaliq", FullName: "AK", AvatarURL: "https://x/a.png", Type: "user"}
		mk := func(id string, up int, day string) store.Item {
			return store.Item{
				Paper:     paper.Paper{ID: id, Title: "Paper " + id, PublishedAt: date("2024-05-28T00:00:00Z")},
				Entry:     &paper.Entry{Day: day, SubmittedAt: date("2024-05-29T12:00:00Z"), Submitter: ak.Name, Upvotes: up, NumComments: 1},
				Submitter: ak,
			}
		}
		items := []store.Item{mk("2405.00001", 5, "2024-05-29"), mk("2405.00002", 9, "2024-05-29"), mk("2405.00003", 1, "2024-05-30")}
		if c, err := s.Import(ctx, items); err != nil || c.New != 3 {
			t.Fatalf("Import = %+v, %v", c, err)
		}
		// An older snapshot with fewer votes, on another day, changes nothing.
		stale := mk("2405.00002", 3, "2024-06-01")
		if c, err := s.Import(ctx, []store.Item{stale}); err != nil || c.Unchanged != 1 {
			t.Fatalf("stale Import = %+v, %v", c, err)
		}
		day, err := s.LatestDay(ctx)
		if err != nil || day != "2024-05-30" {
			t.Fatalf("LatestDay = %q, %v", day, err)
		}
		got, err := s.DayEntries(ctx, "2024-05-29")
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, e := range got {
			ids = append(ids, e.Paper.ID)
			if e.Submitter == nil || e.Submitter.FullName != "AK" {
				t.Errorf("%s: submitter %+v", e.Paper.ID, e.Submitter)
			}
		}
		if diff := cmp.Diff([]string{"2405.00002", "2405.00001"}, ids); diff != "" {
			t.Errorf("day order (-want +got):\n%s", diff)
		}
		if got[0].Entry.Upvotes != 9 || got[0].Entry.Day != "2024-05-29" {
			t.Errorf("entry = %+v", got[0].Entry)
		}
		u, err := s.HFUser(ctx, "akhaliq")
		if err != nil || u.FullName != "AK" {
			t.Errorf("HFUser = %+v, %v", u, err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if st.Papers != 3 || st.DailyEntries != 3 || st.Users != 1 || st.Days != 2 {
			t.Errorf("Stats = %+v", st)
		}
	})
}

func TestEmptyStore(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := open(t, dsn)
		if _, err := s.LatestDay(context.Background()); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("LatestDay on empty store = %v, want ErrNotFound", err)
		}
		got, err := s.DayEntries(context.Background(), "2024-01-01")
		if err != nil || len(got) != 0 {
			t.Errorf("DayEntries = %v, %v", got, err)
		}
	})
}

func TestConcurrentImports(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		var wg sync.WaitGroup
		errs := make(chan error, 8)
		for w := 0; w < 8; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 20; i++ {
					id := "2406." + string(rune('1'+i%9)) + "0000"
					p := paper.Paper{ID: id, Title: "t", Version: 1 + w%3, UpdatedAt: date("2024-06-01T00:00:00Z").AddDate(0, 0, w%3)}
					if _, err := s.Import(ctx, []store.Item{{Paper: p}}); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		st, _ := s.Stats(ctx)
		if st.Papers != 9 {
			t.Errorf("papers = %d, want 9", st.Papers)
		}
		p, _ := s.GetPaper(ctx, "2406.10000")
		if p.Version != 3 {
			t.Errorf("version = %d, want the newest, 3", p.Version)
		}
	})
}

func TestSchemaMigrations(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		v, err := s.SchemaVersion(ctx)
		if err != nil || v != s.LatestSchema() || v < 1 {
			t.Fatalf("SchemaVersion = %d, %v; latest %d", v, err, s.LatestSchema())
		}
		if n, err := s.Migrate(ctx); err != nil || n != 0 {
			t.Errorf("second Migrate = %d, %v; want nothing to do", n, err)
		}
		if err := s.SetSchemaVersionForTest(ctx, v+1); err != nil {
			t.Fatal(err)
		}
		s.Close()
		_, err = store.Open(ctx, dsn, store.Options{})
		if !errors.Is(err, store.ErrSchemaTooNew) {
			t.Errorf("Open on a newer schema = %v, want ErrSchemaTooNew", err)
		}
	})
}

func TestCheckpoints(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		if _, err := s.LoadCheckpoint(ctx, "cs/arXiv"); !errors.Is(err, paper.ErrNotFound) {
			t.Fatalf("LoadCheckpoint before any harvest = %v, want ErrNotFound", err)
		}
		want := store.Checkpoint{Key: "cs/arXiv", Set: "cs", MetadataPrefix: "arXiv", From: "2016-03-01",
			ResumptionToken: "1122234|1001", Records: 1000, Pages: 1, UpdatedAt: date("2026-11-27T10:00:00Z")}
		for _, c := range []store.Checkpoint{want, func() store.Checkpoint {
			c := want
			c.ResumptionToken, c.NextFrom, c.Pages = "", "2016-03-09", 3
			return c
		}()} {
			if err := s.SaveCheckpoint(ctx, c); err != nil {
				t.Fatal(err)
			}
			got, err := s.LoadCheckpoint(ctx, c.Key)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(c, got, cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })); diff != "" {
				t.Errorf("checkpoint (-want +got):\n%s", diff)
			}
		}
	})
}

// TestImportOrderIndependent stores three descriptions of a paper in two
// orders, through the database each time: the stored papers are the same.
func TestImportOrderIndependent(t *testing.T) {
	v1 := paper.Paper{ID: "1604.05585", Version: 1, Title: "v1", License: "cc0", Categories: []string{"cs.LG"},
		Authors:     []paper.Author{{Name: "A", Affiliations: []string{"Uni"}}},
		Versions:    []paper.Version{{Version: 1, Date: date("2016-04-19T00:00:00Z"), Size: "9kb"}},
		PublishedAt: date("2016-04-19T00:00:00Z"), UpdatedAt: date("2016-04-19T00:00:00Z")}
	v2 := paper.Paper{ID: "1604.05585", Version: 2, Title: "v2", Categories: []string{"cs.LG", "stat.ML"},
		Authors: []paper.Author{{Name: "A"}}, UpdatedAt: date("2016-06-01T00:00:00Z")}
	v3 := paper.Paper{ID: "1604.05585", Version: 3, Title: "v2", Withdrawn: true, UpdatedAt: date("2016-07-01T00:00:00Z")}
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		var results []paper.Paper
		for _, order := range [][]paper.Paper{{v1, v2, v3}, {v3, v1, v2}, {v2, v3, v1}} {
			s, err := store.Open(context.Background(), dsn, store.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range order {
				p.ID = "1604.0558" + string(rune('5'+len(results)))
				if _, err := s.Import(context.Background(), []store.Item{{Paper: p}}); err != nil {
					t.Fatal(err)
				}
			}
			got, err := s.GetPaper(context.Background(), "1604.0558"+string(rune('5'+len(results))))
			s.Close()
			if err != nil {
				t.Fatal(err)
			}
			got.ID = ""
			results = append(results, got)
		}
		for i := 1; i < len(results); i++ {
			if diff := cmp.Diff(results[0], results[i]); diff != "" {
				t.Errorf("order %d stored another paper (-first +this):\n%s", i, diff)
			}
		}
		if r := results[0]; r.Title != "v2" || !r.Withdrawn || r.License != "cc0" || len(r.Categories) != 2 || len(r.Authors[0].Affiliations) != 1 {
			t.Errorf("merged paper = %+v", r)
		}
	})
}

// TestEntryKeepsSubmitter updates an entry from a record that does not name
// its submitter: the stored submitter stays.
func TestEntryKeepsSubmitter(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		p := paper.Paper{ID: "2406.00001", Title: "t"}
		ak := &paper.User{Name: "akhaliq", FullName: "AK"}
		first := store.Item{Paper: p, Submitter: ak,
			Entry: &paper.Entry{Day: "2024-06-03", SubmittedAt: date("2024-06-03T10:00:00Z"), Submitter: "akhaliq", Upvotes: 1}}
		later := store.Item{Paper: p,
			Entry: &paper.Entry{Day: "2024-06-05", SubmittedAt: date("2024-06-05T10:00:00Z"), Upvotes: 7}}
		earlier := store.Item{Paper: p,
			Entry: &paper.Entry{Day: "2024-06-02", SubmittedAt: date("2024-06-02T10:00:00Z"), Upvotes: 2}}
		for _, it := range []store.Item{first, later, earlier} {
			if _, err := s.Import(ctx, []store.Item{it}); err != nil {
				t.Fatal(err)
			}
		}
		got, err := s.DayEntries(ctx, "2024-06-02")
		if err != nil || len(got) != 1 {
			t.Fatalf("DayEntries = %v, %v; want the paper on its earliest day", got, err)
		}
		e := got[0]
		if e.Entry.Submitter != "akhaliq" || e.Submitter == nil || e.Submitter.FullName != "AK" || e.Entry.Upvotes != 7 {
			t.Errorf("entry = %+v, submitter %+v", e.Entry, e.Submitter)
		}
	})
}

func TestParseDSN(t *testing.T) {
	tests := []struct{ dsn, kind, target string }{
		{"data/x.db", "sqlite", "data/x.db"},
		{"sqlite:data/x.db", "sqlite", "data/x.db"},
		{"sqlite:///tmp/x.db", "sqlite", "/tmp/x.db"},
		{"postgres://u:p@h/db", "postgres", "postgres://u:p@h/db"},
		{"postgresql://h/db?sslmode=disable", "postgres", "postgresql://h/db?sslmode=disable"},
	}
	for _, tt := range tests {
		kind, target, err := store.ParseDSN(tt.dsn)
		if err != nil || kind != tt.kind || target != tt.target {
			t.Errorf("ParseDSN(%q) = %q, %q, %v", tt.dsn, kind, target, err)
		}
	}
	for _, bad := range []string{"postgress://u:secret@h/db", "mysql://h/db", "host=h dbname=db", "", "sqlite:"} {
		_, _, err := store.ParseDSN(bad)
		if !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("ParseDSN(%q) = %v, want ErrInvalid", bad, err)
		} else if strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseDSN(%q) error shows the password: %v", bad, err)
		}
	}
}
