// Command importbench measures `dailypapers import` of a Kaggle-format arXiv
// snapshot against merely decoding the same file with encoding/json, in one
// run, on SQLite and PostgreSQL: throughput, peak memory (the import's
// maximum resident set) and database size. See docs/PERFORMANCE.md.
//
//	go run ./bench/importbench -n 1000000
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dailypapers/dailypapers/internal/kagglegen"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "importbench:", err)
		os.Exit(1)
	}
}

type options struct {
	n        int
	dir      string
	seed     string
	postgres string
	dbs      string
	vectors  bool
}

func run(ctx context.Context, args []string, out io.Writer) error {
	var o options
	fs := flag.NewFlagSet("importbench", flag.ContinueOnError)
	fs.IntVar(&o.n, "n", 1_000_000, "records in the generated snapshot")
	fs.StringVar(&o.dir, "dir", "bench/out", "working directory for the snapshot, binary and databases")
	fs.StringVar(&o.seed, "seed", "testdata/kaggle/snapshot-head-200-lines.jsonl", "real records the snapshot is made from")
	fs.StringVar(&o.postgres, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server")
	fs.StringVar(&o.dbs, "db", "sqlite,postgres", "databases to measure")
	fs.BoolVar(&o.vectors, "vectors", false, "time the import with the paper vectors it computes at its end (by default --no-vectors: serve computes them in the background)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	snapshot, err := ensureSnapshot(o)
	if err != nil {
		return err
	}
	bin := filepath.Join(o.dir, "dailypapers")
	if b, err := exec.Command("go", "build", "-o", bin, "./cmd/dailypapers").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, b)
	}
	st, _ := os.Stat(snapshot)
	fmt.Fprintf(out, "snapshot: %d records, %.0f MB; %s, %d CPUs\n", o.n, float64(st.Size())/1e6, runtime.Version(), runtime.NumCPU())

	base, err := decodeOnly(snapshot)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "%-28s %9.0f records/s  (%s)\n", "decode only (encoding/json)", base.rate(), base.elapsed.Round(time.Millisecond))
	for _, db := range strings.Split(o.dbs, ",") {
		r, err := importInto(ctx, o, bin, snapshot, db)
		if err != nil {
			return fmt.Errorf("%s: %w", db, err)
		}
		fmt.Fprintf(out, "%-28s %9.0f records/s  (%s) %5.1f%% of decode, peak RSS %4.0f MB, database %5.0f MB\n",
			"import into "+db, r.rate(), r.elapsed.Round(time.Millisecond), 100*r.rate()/base.rate(), float64(r.maxRSS)/1e6, float64(r.dbSize)/1e6)
	}
	return nil
}

type measurement struct {
	records int
	elapsed time.Duration
	maxRSS  int64
	dbSize  int64
}

func (m measurement) rate() float64 { return float64(m.records) / m.elapsed.Seconds() }

func ensureSnapshot(o options) (string, error) {
	path := filepath.Join(o.dir, fmt.Sprintf("snapshot-%d.jsonl", o.n))
	return path, kagglegen.EnsureFile(path, o.seed, o.n)
}

// decodeOnly reads the file line by line and decodes every line with
// encoding/json into a struct with all the snapshot's fields: the least any
// importer must do.
func decodeOnly(path string) (measurement, error) {
	f, err := os.Open(path)
	if err != nil {
		return measurement{}, err
	}
	defer f.Close()
	start := time.Now()
	sc := bufio.NewScanner(bufio.NewReaderSize(f, 1<<20))
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	n := 0
	for sc.Scan() {
		var rec kagglegen.Record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return measurement{}, fmt.Errorf("line %d: %w", n+1, err)
		}
		n++
	}
	return measurement{records: n, elapsed: time.Since(start)}, sc.Err()
}

func importInto(ctx context.Context, o options, bin, snapshot, db string) (measurement, error) {
	dsn, size, cleanup, err := freshDB(ctx, o, db)
	if err != nil {
		return measurement{}, err
	}
	defer cleanup()
	args := []string{"--db", dsn, "--log-level", "warn", "import", "--quiet"}
	if !o.vectors {
		args = append(args, "--no-vectors")
	}
	args = append(args, snapshot)
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stderr = os.Stderr
	start := time.Now()
	outb, err := cmd.Output()
	elapsed := time.Since(start)
	if err != nil {
		return measurement{}, fmt.Errorf("import: %v\n%s", err, outb)
	}
	var ru *syscall.Rusage = cmd.ProcessState.SysUsage().(*syscall.Rusage)
	m := measurement{records: o.n, elapsed: elapsed, maxRSS: ru.Maxrss * 1024}
	if !strings.Contains(string(outb), fmt.Sprintf("%d records: %d new", o.n, o.n)) {
		return m, fmt.Errorf("unexpected import summary: %s", outb)
	}
	m.dbSize, err = size()
	return m, err
}

// freshDB returns an empty database of the kind and a function measuring its size.
func freshDB(ctx context.Context, o options, kind string) (dsn string, size func() (int64, error), cleanup func(), err error) {
	if kind == "sqlite" {
		path := filepath.Join(o.dir, "bench.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(path + suffix)
		}
		size = func() (int64, error) {
			var total int64
			for _, suffix := range []string{"", "-wal"} {
				if st, err := os.Stat(path + suffix); err == nil {
					total += st.Size()
				}
			}
			return total, nil
		}
		return path, size, func() {}, nil
	}
	admin, err := sql.Open("pgx", o.postgres)
	if err != nil {
		return "", nil, nil, err
	}
	schema := fmt.Sprintf("bench_%d", time.Now().UnixNano())
	// The migrations' extension goes into public, not the schema this
	// harness may drop (which would drop it from every schema).
	admin.ExecContext(ctx, "CREATE EXTENSION IF NOT EXISTS btree_gin SCHEMA public")
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		return "", nil, nil, err
	}
	sep := "?"
	if strings.Contains(o.postgres, "?") {
		sep = "&"
	}
	size = func() (n int64, err error) {
		err = admin.QueryRowContext(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
			FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = $1 AND c.relkind = 'r'`, schema).Scan(&n)
		return n, err
	}
	cleanup = func() {
		admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	}
	return o.postgres + sep + "search_path=" + schema, size, cleanup, nil
}
