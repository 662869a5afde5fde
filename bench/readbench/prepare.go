package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dailypapers/dailypapers/internal/kagglegen"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

func command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(name, args...)
	cmd.Stderr = os.Stderr
	return cmd
}

// lastDay is the newest feed day of the benchmark database.
var lastDay = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

// prepare returns the DSN of a database holding the benchmark data, made
// once and reused by later runs.
func prepare(ctx context.Context, o options, bin, kind string) (string, error) {
	dsn := filepath.Join(o.dir, fmt.Sprintf("read-%d.db", o.n))
	if kind == "postgres" {
		schema := fmt.Sprintf("readbench_%d", o.n)
		admin, err := sql.Open("pgx", o.pg)
		if err != nil {
			return "", err
		}
		defer admin.Close()
		// The migrations' extension goes into public, not the schema this
		// harness may drop (which would drop it from every schema).
		admin.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public")
		if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
			return "", err
		}
		sep := "?"
		if strings.Contains(o.pg, "?") {
			sep = "&"
		}
		dsn = o.pg + sep + "search_path=" + schema
	}
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return "", err
	}
	st, err := s.Stats(ctx)
	s.Close()
	if err != nil {
		return "", err
	}
	if st.Papers < o.n {
		snapshot := filepath.Join(o.dir, fmt.Sprintf("snapshot-%d.jsonl", o.n))
		if err := kagglegen.EnsureFile(snapshot, o.seed, o.n); err != nil {
			return "", err
		}
		fmt.Printf("  importing %d papers into %s ...\n", o.n, kind)
		if b, err := command(bin, "--db", dsn, "--log-level", "warn", "import", "--quiet", snapshot).Output(); err != nil {
			return "", fmt.Errorf("import: %v\n%s", err, b)
		}
	}
	if st.DailyEntries < o.days*o.perDay {
		fmt.Printf("  putting %d papers on %d feed days ...\n", o.days*o.perDay, o.days)
		if err := addEntries(ctx, dsn, o); err != nil {
			return "", err
		}
	}
	return dsn, nil
}

// addEntries puts perDay papers on each of the days before lastDay, with
// upvotes drawn from a skewed distribution and 100 submitters.
func addEntries(ctx context.Context, dsn string, o options) error {
	s, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	rng := rand.New(rand.NewPCG(1, 2))
	var batch []store.Item
	for d := 0; d < o.days; d++ {
		day := lastDay.AddDate(0, 0, -d)
		for i := 0; i < o.perDay; i++ {
			k := (d*o.perDay + i) * (o.n / (o.days * o.perDay)) // spread over all papers
			p, err := s.GetPaper(ctx, kagglegen.ID(k))
			if err != nil {
				return err
			}
			user := &paper.User{Name: fmt.Sprintf("reader%02d", rng.IntN(100)), FullName: "A Reader"}
			batch = append(batch, store.Item{Paper: p, Submitter: user, Entry: &paper.Entry{
				Day: day.Format(paper.DayLayout), SubmittedAt: day.Add(time.Duration(13+i%8) * time.Hour),
				Submitter: user.Name, Upvotes: int(rng.ExpFloat64() * 20), NumComments: rng.IntN(5),
			}})
		}
		if len(batch) >= 1000 || d == o.days-1 {
			if _, err := s.Import(ctx, batch); err != nil {
				return err
			}
			batch = batch[:0]
		}
	}
	return nil
}
