package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

const testdata = "../../testdata"

// result is what one run of the command printed.
type result struct {
	stdout, stderr string
	err            error
}

// run runs the dailypapers command line with the database dsn.
func run(t *testing.T, dsn string, stdin string, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{"DAILYPAPERS_DB": dsn, "DAILYPAPERS_LOG_LEVEL": "warn"}
	err := app.Run(context.Background(), args, app.Env{
		Getenv: func(k string) string { return env[k] },
		Stdin:  strings.NewReader(stdin),
		Stdout: &out,
		Stderr: &errOut,
	})
	return result{out.String(), errOut.String(), err}
}

func stats(t *testing.T, dsn string) store.Stats {
	t.Helper()
	r := run(t, dsn, "", "stats")
	if r.err != nil {
		t.Fatalf("stats: %v\n%s", r.err, r.stderr)
	}
	var st store.Stats
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("stats output %q: %v", r.stdout, err)
	}
	return st
}

// goodFiles lists every real test file that holds papers (the error
// responses are tested apart).
func goodFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(testdata, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		ext := filepath.Ext(path)
		switch {
		case d.IsDir() && (d.Name() == "raw-json" || d.Name() == "errors"):
			return filepath.SkipDir
		case d.IsDir(), strings.Contains(path, "id_abc_"):
			return nil
		case ext == ".xml" || ext == ".json" || ext == ".jsonl":
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 60 {
		t.Fatalf("found only %d test files", len(files))
	}
	return files
}

var summaryLine = regexp.MustCompile(`total: (\d+) records: (\d+) new, (\d+) updated, (\d+) unchanged, (\d+) rejected`)

func TestImportEveryFormatTwice(t *testing.T) {
	files := goodFiles(t)
	got := map[string]store.Stats{}
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		first := run(t, dsn, "", append([]string{"import"}, files...)...)
		if first.err != nil {
			t.Fatalf("import: %v\n%s", first.err, first.stderr)
		}
		m := summaryLine.FindStringSubmatch(first.stdout)
		if m == nil {
			t.Fatalf("no total line in:\n%s", first.stdout)
		}
		if m[2] == "0" || m[5] != "0" {
			t.Errorf("first import: %s", m[0])
		}
		st := stats(t, dsn)
		second := run(t, dsn, "", append([]string{"import"}, files...)...)
		if second.err != nil {
			t.Fatalf("second import: %v", second.err)
		}
		m2 := summaryLine.FindStringSubmatch(second.stdout)
		if m2 == nil || m2[2] != "0" || m2[3] != "0" || m2[4] != m[1] {
			t.Errorf("second import changed something: %v (first: %s)", m2, m[0])
		}
		if diff := cmp.Diff(st, stats(t, dsn)); diff != "" {
			t.Errorf("stats changed by the second import (-first +second):\n%s", diff)
		}
		st.Database = ""
		got[filepath.Base(t.Name())] = st
	})
	if sq, pg := got["sqlite"], got["postgres"]; sq.Papers > 0 && pg.Papers > 0 {
		if diff := cmp.Diff(sq, pg); diff != "" {
			t.Errorf("SQLite and PostgreSQL differ (-sqlite +postgres):\n%s", diff)
		}
	}
	if got["sqlite"].Papers < 11000 || got["sqlite"].DailyEntries < 200 || got["sqlite"].Users < 100 {
		t.Errorf("stats = %+v", got["sqlite"])
	}
}

func TestImportRejectsBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	page, err := os.ReadFile(filepath.Join(testdata, "oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml"))
	if err != nil {
		t.Fatal(err)
	}
	kaggle, err := os.ReadFile(filepath.Join(testdata, "kaggle/snapshot-head-200-lines.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(kaggle), "\n")
	tests := []struct {
		name, file, wantErr string
		wantPapers          int
	}{
		{"text", write("notes.txt", "just some notes\n"), "not a supported format", 0},
		{"empty", write("empty.json", ""), "empty", 0},
		{"png", write("x.png", "\x89PNG\r\n\x1a\n"), "not a supported format", 0},
		{"other xml", write("x.xml", `<?xml version="1.0"?><html><body/></html>`), "<html>", 0},
		{"truncated oai", write("cut.xml", string(page[:len(page)/2])), "truncated", -1},
		{"truncated kaggle", write("cut.jsonl", lines[0]+lines[1]+lines[2][:100]), "truncated", 2},
		{"oai error", filepath.Join(testdata, "oai/errors/error-badArgument.xml"), "badArgument", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dsn := storetest.DSN(t, "sqlite")
			r := run(t, dsn, "", "import", tt.file)
			if r.err == nil || !strings.Contains(r.err.Error(), tt.wantErr) || !strings.Contains(r.err.Error(), tt.file) {
				t.Fatalf("import %s: err = %v, want one naming the file and %q", tt.name, r.err, tt.wantErr)
			}
			st := stats(t, dsn)
			if tt.wantPapers >= 0 && st.Papers != tt.wantPapers {
				t.Errorf("papers = %d, want %d", st.Papers, tt.wantPapers)
			}
		})
	}
}

func TestImportSkipsMalformedRecords(t *testing.T) {
	kaggle, err := os.ReadFile(filepath.Join(testdata, "kaggle/snapshot-head-200-lines.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(kaggle), "\n")
	input := lines[0] + "{not json}\n" + `{"id":"not-an-id","title":"x","abstract":"y"}` + "\n" + lines[1]
	dsn := storetest.DSN(t, "sqlite")
	var logs bytes.Buffer
	env := map[string]string{"DAILYPAPERS_DB": dsn}
	err = app.Run(context.Background(), []string{"import", "-"}, app.Env{
		Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader(input), Stdout: &logs, Stderr: &logs,
	})
	if err != nil {
		t.Fatalf("import: %v\n%s", err, logs.String())
	}
	out := logs.String()
	for _, want := range []string{"2 records: 2 new, 0 updated, 0 unchanged, 2 rejected", "<stdin>:2", "<stdin>:3"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestHelpAndUsage(t *testing.T) {
	r := run(t, "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "", "help")
	for _, cmd := range []string{"serve", "migrate", "import", "fetch", "harvest", "stats", "version"} {
		if !regexp.MustCompile(`(?m)^  ` + cmd + ` +\S`).MatchString(r.stdout) {
			t.Errorf("help does not list %s with a summary:\n%s", cmd, r.stdout)
		}
	}
	for _, args := range [][]string{{"frobnicate"}, {"import"}, {"import", "--date", "yesterday", "x"}, {"--timezone", "Mars/Olympus", "stats"}} {
		if r := run(t, "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "", args...); !errors.Is(r.err, app.ErrUsage) {
			t.Errorf("%v: err = %v, want a usage error", args, r.err)
		}
	}
	if r := run(t, "", "", "version"); r.err != nil || !strings.HasPrefix(r.stdout, "dailypapers ") {
		t.Errorf("version = %q, %v", r.stdout, r.err)
	}
}

func TestDefaultDatabaseInDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "data")
	var out bytes.Buffer
	env := map[string]string{"DAILYPAPERS_DATA_DIR": dir}
	err := app.Run(context.Background(), []string{"migrate"}, app.Env{Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &out})
	if err != nil {
		t.Fatalf("migrate: %v\n%s", err, out.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "dailypapers.db")); err != nil {
		t.Errorf("no database created in the data directory: %v", err)
	}
}
