// Command readbench measures the read side with 1 million papers and 1,000
// feed days: requests/s and latency of a day page and of
// /api/daily_papers?date= under 64 connections, each beside a minimal
// net/http server writing the same bytes from memory in the same run;
// search latency for one- to three-word queries, from one client and from
// -searchers at once, and of the first searches after the server starts;
// and the server's peak memory. See docs/PERFORMANCE.md.
//
//	go run ./bench/readbench            # SQLite and PostgreSQL
//	go run ./bench/readbench -db sqlite -duration 5s
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

func main() {
	if os.Getenv(staticEnv) != "" {
		serveStatic() // the minimal server, run as a child process
		return
	}
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "readbench:", err)
		os.Exit(1)
	}
}

type options struct {
	n, days, perDay int
	dir, seed, pg   string
	dbs, bin        string
	duration        time.Duration
	conns           int
	searches        int
	searchers       int
	firstSearches   int
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("readbench", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 1_000_000, "papers")
	fs.IntVar(&o.days, "days", 1000, "feed days")
	fs.IntVar(&o.perDay, "per-day", 30, "papers on each feed day")
	fs.StringVar(&o.dir, "dir", "bench/out", "working directory (snapshot, binary, SQLite database)")
	fs.StringVar(&o.seed, "seed", "testdata/kaggle/snapshot-head-200-lines.jsonl", "real records the papers are made from")
	fs.StringVar(&o.pg, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server")
	fs.StringVar(&o.dbs, "db", "sqlite,postgres", "databases to measure")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each load run")
	fs.IntVar(&o.conns, "conns", 64, "concurrent connections")
	fs.IntVar(&o.searches, "searches", 300, "search queries timed")
	fs.IntVar(&o.searchers, "searchers", 16, "concurrent searchers of the second search run (4 × -searches queries in all)")
	fs.IntVar(&o.firstSearches, "first-searches", 20, "distinct queries timed one by one right after the server is restarted")
	fs.StringVar(&o.bin, "bin", "", "a dailypapers binary to measure (default: build ./cmd/dailypapers)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	bin := o.bin
	if bin == "" {
		var err error
		if bin, err = build(o.dir); err != nil {
			return err
		}
	}
	fmt.Fprintf(out, "readbench: %d papers, %d feed days of %d, %d connections, %s per run\n", o.n, o.days, o.perDay, o.conns, o.duration)
	for _, db := range strings.Split(o.dbs, ",") {
		dsn, err := prepare(ctx, o, bin, db)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		if err := measure(ctx, o, bin, db, dsn, out); err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
	}
	return nil
}

func build(dir string) (string, error) {
	bin, err := filepath.Abs(filepath.Join(dir, "dailypapers"))
	if err != nil {
		return "", err
	}
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/dailypapers").CombinedOutput(); err != nil {
		return "", fmt.Errorf("build: %v\n%s", err, b)
	}
	return bin, nil
}
