// Command votebench measures upvotes through the whole site: a fresh
// database holding the sample feed days the binary ships, -users accounts
// with API tokens, and the site served in this process over a real TCP
// listener with its response cache running. Phase 1 times day-page readers
// alone; phase 2 times the same readers while -clients goroutines upvote and
// withdraw upvotes through the API as fast as they can. Each phase runs the
// cached readers for -duration, then the uncached ones for -duration. Every vote bumps
// the data version, which invalidates the cached pages, so phase 2 shows
// what writes cost readers. At the end each paper's count is checked
// against the votes the harness knows to be standing.
//
//	go run ./bench/votebench -db sqlite
//	go run ./bench/votebench -db postgres -clients 64 -duration 10s -users 1000
//	go run ./bench/votebench -db sqlite -cpuprofile bench/out/votebench-sqlite.prof
package main

import (
	"github.com/dailypapers/dailypapers/bench/internal/machine"

	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "votebench:", err)
		os.Exit(1)
	}
}

type options struct {
	db         string
	clients    int
	readers    int
	users      int
	duration   time.Duration
	dir, pg    string
	cpuprofile string
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("votebench", flag.ContinueOnError)
	fs.StringVar(&o.db, "db", "sqlite", "database: sqlite or postgres")
	fs.IntVar(&o.clients, "clients", 64, "concurrent voting clients in phase 2")
	fs.IntVar(&o.readers, "readers", 4, "day-page readers of each kind (cached and uncached)")
	fs.IntVar(&o.users, "users", 1000, "accounts with API tokens the voters pick from")
	fs.DurationVar(&o.duration, "duration", 10*time.Second, "length of each phase")
	fs.StringVar(&o.dir, "dir", "bench/out", "working directory (SQLite database, profile)")
	fs.StringVar(&o.pg, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server; the harness uses schema "+pgSchema)
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of phase 2 to this file, and of phase 1 beside it with -idle in the name (server work is labelled side=server)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.db != "sqlite" && o.db != "postgres" {
		return o, fmt.Errorf("-db %q: want sqlite or postgres", o.db)
	}
	if o.clients < 1 || o.readers < 1 || o.users < 1 || o.duration <= 0 {
		return o, fmt.Errorf("-clients, -readers, -users and -duration must be positive")
	}
	return o, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	fmt.Fprintf(out, "votebench: %s, %d voting clients, %d users, %d+%d readers, %s per phase\n",
		o.db, o.clients, o.users, o.readers, o.readers, o.duration)
	fmt.Fprintf(out, "machine: %s\n", machine.Describe())

	t0 := time.Now()
	b, err := setUp(ctx, o)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	defer b.close()
	fmt.Fprintf(out, "site: %d sample days, %d papers on the feed, %d accounts with tokens (set up in %s)\n",
		len(b.days), len(b.papers), len(b.tokens), time.Since(t0).Round(time.Millisecond))
	fmt.Fprintf(out, "day page: %s (%d cards, %d bytes)\n", b.dayPath, b.cards, b.pageBytes)

	idle, err := b.readPhase(o)
	if err != nil {
		return err
	}
	imported, err := b.counts(ctx)
	if err != nil {
		return err
	}
	loaded, votes, err := b.votePhase(o)
	if err != nil {
		return err
	}
	check, err := b.verify(ctx, imported, votes)
	if err != nil {
		return err
	}
	report(out, o, idle, loaded, votes, check)
	return nil
}
