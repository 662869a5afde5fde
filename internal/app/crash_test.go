package app_test

import (
	"bytes"
	"context"
	"database/sql"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/kagglegen"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// crashChildEnv makes the test binary run the dailypapers command line
// given in crashArgsEnv instead of the tests: the crash test's child process.
const (
	crashChildEnv = "DAILYPAPERS_TEST_CHILD"
	crashArgsEnv  = "DAILYPAPERS_TEST_CHILD_ARGS"
)

func TestMain(m *testing.M) {
	if os.Getenv(crashChildEnv) == "1" {
		args := strings.Split(os.Getenv(crashArgsEnv), "\x1f")
		err := app.Run(context.Background(), args, app.Env{Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
		if err != nil {
			os.Stderr.WriteString(err.Error() + "\n")
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// writeKaggle writes n generated snapshot records to a temporary file.
func writeKaggle(t *testing.T, n int) string {
	t.Helper()
	f, err := os.Open(filepath.Join(testdata, "kaggle/snapshot-head-200-lines.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seeds, err := kagglegen.Seeds(f)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "snapshot.jsonl")
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if err := kagglegen.Write(out, seeds, n); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestImportSurvivesSIGKILL kills an import twice while it writes, once when
// a third of the file is stored and once at a random moment of the rerun,
// then checks that the database opens cleanly, holds only whole batches, and
// that a last rerun reaches the same counts as an import never interrupted.
func TestImportSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("the crash test imports 30,000 records several times")
	}
	const records, batch = 30000, 500
	file := writeKaggle(t, records)
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		// The vectors a finished import computes at its end are not what
		// this test is about, and cost more than the import.
		args := []string{"import", "--quiet", "--no-vectors", "--batch", "500", file}
		killAt := []int{records / 3, records/3 + batch + rand.IntN(records/2)}
		for round, at := range killAt {
			killed := runAndKill(t, dsn, args, at)
			st := checkConsistent(t, dsn, batch)
			t.Logf("round %d: killed at %d papers stored; reopened with %d", round, killed, st.Papers)
			if st.Papers >= records {
				t.Fatalf("round %d: the import finished before it could be killed", round)
			}
		}
		if r := run(t, dsn, "", args...); r.err != nil {
			t.Fatalf("rerun: %v\n%s", r.err, r.stderr)
		}
		st := checkConsistent(t, dsn, 1)
		if st.Papers != records {
			t.Errorf("after the rerun: %d papers, want %d", st.Papers, records)
		}
		again := run(t, dsn, "", args...)
		if !strings.Contains(again.stdout, "0 new, 0 updated, 30000 unchanged") {
			t.Errorf("a further import changed something: %s", again.stdout)
		}
	})
}

// runAndKill starts the import in a child process and kills it with SIGKILL
// once at least `at` papers are committed; it returns the count it saw.
func runAndKill(t *testing.T, dsn string, args []string, at int) int {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"=1", crashArgsEnv+"="+strings.Join(args, "\x1f"),
		"DAILYPAPERS_DB="+dsn, "DAILYPAPERS_LOG_LEVEL=warn")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	db := openCounter(t, dsn)
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		select {
		case err := <-done:
			t.Fatalf("the import ended before %d papers were stored: %v\n%s", at, err, stderr.String())
		default:
		}
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM papers`).Scan(&n); err == nil && n >= at {
			cmd.Process.Signal(syscall.SIGKILL)
			<-done
			return n
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	t.Fatalf("the import did not reach %d papers in time\n%s", at, stderr.String())
	return 0
}

// openCounter opens a plain connection for polling while the child writes.
func openCounter(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	kind, target, err := store.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	driver := "pgx"
	if kind == "sqlite" {
		driver, target = "sqlite", "file:"+target+"?_pragma=busy_timeout(5000)&mode=ro"
	}
	var db *sql.DB
	for i := 0; i < 200; i++ { // the child creates the database; wait for it
		if db, err = sql.Open(driver, target); err == nil {
			if err = db.Ping(); err == nil {
				var n int
				if err = db.QueryRow(`SELECT COUNT(*) FROM papers`).Scan(&n); err == nil {
					break
				}
			}
			db.Close()
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("open %s: %v", kind, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// checkConsistent opens the database as dailypapers does, checks SQLite's
// integrity, and that papers come in whole batches: a batch is one
// transaction, so a kill leaves all of it or none.
func checkConsistent(t *testing.T, dsn string, batch int) store.Stats {
	t.Helper()
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatalf("the database does not open after the kill: %v", err)
	}
	defer s.Close()
	if msg, err := s.IntegrityCheck(context.Background()); err != nil || msg != "ok" {
		t.Fatalf("integrity check: %q, %v", msg, err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if st.Papers%batch != 0 {
		t.Errorf("%d papers stored: not a whole number of %d-record batches", st.Papers, batch)
	}
	return st
}
