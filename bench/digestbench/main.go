// Command digestbench measures the email digest end to end: a fresh
// database holding the sample feed days the binary ships, -subscribers
// confirmed daily subscribers (a third with topics), and the real digest
// code path, digest.Service with the SMTP sender, delivering one day's
// digest to an SMTP server in this process that accepts everything. It
// reports the planning time, the sending time and rate, and the peak
// memory of each phase, then checks that every subscriber got exactly one
// message and every delivery is sent.
//
// The SMTP server shares the machine's CPUs with the sender (about a fifth
// of the CPU on two cores): a real mail server elsewhere would leave the
// sender more. -sql tries a schema change before planning, for comparison
// with the shipped schema in the same harness.
//
//	go run ./bench/digestbench -db sqlite
//	go run ./bench/digestbench -db postgres -subscribers 100000 -workers 4
//	go run ./bench/digestbench -db sqlite -cpuprofile bench/out/digest-sqlite.prof
//	go run ./bench/digestbench -db sqlite -subscribers 10000 -trace bench/out/digest-sqlite.trace
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
		fmt.Fprintln(os.Stderr, "digestbench:", err)
		os.Exit(1)
	}
}

type options struct {
	db          string
	subscribers int
	workers     int
	batch       int
	day         string
	dir, pg     string
	cpuprofile  string
	trace       string
	sql         string
	forYou      int
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("digestbench", flag.ContinueOnError)
	fs.StringVar(&o.db, "db", "sqlite", "database: sqlite or postgres")
	fs.IntVar(&o.subscribers, "subscribers", 100_000, "confirmed daily subscribers")
	fs.IntVar(&o.workers, "workers", 4, "digest workers, each with its own SMTP connection (digest.Options.Workers)")
	fs.IntVar(&o.batch, "batch", 0, "deliveries a worker claims at once (0: the digest's default)")
	fs.StringVar(&o.day, "day", "", "the feed day whose digest is sent (default: the sample day with the most papers)")
	fs.StringVar(&o.dir, "dir", "bench/out", "working directory (SQLite database, profile)")
	fs.StringVar(&o.pg, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server; the harness uses schema "+pgSchema)
	fs.StringVar(&o.cpuprofile, "cpuprofile", "", "write a CPU profile of planning and sending to this file (labels phase=plan|send; the SMTP server's work is side=smtpserver)")
	fs.StringVar(&o.trace, "trace", "", "write an execution trace of sending to this file (large: use fewer subscribers), for go tool trace -pprof=sync|syscall|net")
	fs.StringVar(&o.sql, "sql", "", "SQL run on the database after setup, before planning, to try a schema change (statements separated by ';')")
	fs.IntVar(&o.forYou, "foryou", 0, "of the subscribers, how many have an account that saved 4 papers (a \"Picked for you\" section each)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if o.db != "sqlite" && o.db != "postgres" {
		return o, fmt.Errorf("-db %q: want sqlite or postgres", o.db)
	}
	if o.forYou < 0 || o.forYou > o.subscribers {
		return o, fmt.Errorf("-foryou must be between 0 and -subscribers")
	}
	if o.subscribers < 1 || o.workers < 1 || o.batch < 0 {
		return o, fmt.Errorf("-subscribers and -workers must be positive, -batch not negative")
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
	fmt.Fprintf(out, "digestbench: %s, %d subscribers, %d workers\n", o.db, o.subscribers, o.workers)
	fmt.Fprintf(out, "machine: %s\n", machine.Describe())
	fmt.Fprintf(out, "code: %s\n", machine.CodeVersion())

	t0 := time.Now()
	b, err := setUp(ctx, o)
	if err != nil {
		return fmt.Errorf("set up: %w", err)
	}
	defer b.close()
	fmt.Fprintf(out, "setup: %d sample days imported, digest of %s (%d papers), %d subscribers (%d with topics), SMTP server %s (%s, not measured)\n",
		b.days, b.day, b.papers, b.subs, b.topical, b.smtp.url, time.Since(t0).Round(time.Millisecond))

	m, err := b.measure(ctx, o)
	if err != nil {
		return err
	}
	c, err := b.verify(ctx, m.run)
	if err != nil {
		return err
	}
	report(out, o, b, m, c)
	if !c.ok() {
		return fmt.Errorf("verification failed")
	}
	return nil
}
