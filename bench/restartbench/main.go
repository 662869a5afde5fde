// Command restartbench serves the site in this process against a PostgreSQL
// database of its own, keeps it under a bounded load of page loads, API
// reads and API votes, and restarts, then stops and starts, then freezes
// (SIGSTOP: a server that accepts and never answers) the PostgreSQL server
// in the middle. It prints the answers per phase (status codes, how
// many 503s carried Retry-After, the slowest answer), checks that every vote
// answered 200 is in the database once and no refused one is, and compares
// the goroutines before and after.
//
// It needs a PostgreSQL cluster nobody else uses, as the commands stop it:
//
//	pg_createcluster 15 attack --port 5433   # then trust 127.0.0.1 in its pg_hba.conf
//	pg_ctlcluster 15 attack start
//	createdb -h 127.0.0.1 -p 5433 -U postgres dp_restart
//	go run ./bench/restartbench -db 'postgres://postgres@127.0.0.1:5433/dp_restart?sslmode=disable'
//	pg_dropcluster --stop 15 attack
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"
)

type options struct {
	dsn                   string
	restart, stop, start  string
	pgdata                string
	phase, down, freeze   time.Duration
	voters, workers, pace int
	log                   string
}

func main() {
	var o options
	flag.StringVar(&o.dsn, "db", "postgres://postgres@127.0.0.1:5433/dp_restart?sslmode=disable", "a PostgreSQL database on a cluster the commands may stop")
	flag.StringVar(&o.restart, "restart", "pg_ctlcluster 15 attack restart", "command that restarts the PostgreSQL server")
	flag.StringVar(&o.stop, "stop", "pg_ctlcluster 15 attack stop", "command that stops it")
	flag.StringVar(&o.start, "start", "pg_ctlcluster 15 attack start", "command that starts it")
	flag.StringVar(&o.pgdata, "pgdata", "/var/lib/postgresql/15/attack", "the cluster's data directory, to find the processes to freeze")
	flag.DurationVar(&o.freeze, "freeze", 20*time.Second, "how long the server's processes stay stopped with SIGSTOP (0: skip)")
	flag.DurationVar(&o.phase, "phase", 10*time.Second, "length of each phase of load")
	flag.DurationVar(&o.down, "down", 10*time.Second, "how long the server stays stopped")
	flag.IntVar(&o.voters, "voters", 20, "accounts that vote")
	flag.IntVar(&o.workers, "workers", 6, "concurrent readers")
	flag.IntVar(&o.pace, "votes-per-second", 10, "votes sent per second, across all voters")
	flag.StringVar(&o.log, "log", "restartbench-serve.log", "where the server's log goes")
	flag.Parse()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "restartbench:", err)
		os.Exit(1)
	}
}
