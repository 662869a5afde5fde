package kagglegen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"testing"
)

func TestWrite(t *testing.T) {
	f, err := os.Open("../../testdata/kaggle/snapshot-head-200-lines.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	seeds, err := Seeds(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(seeds) != 200 {
		t.Fatalf("seeds = %d, want 200", len(seeds))
	}
	var buf bytes.Buffer
	const n = 1000
	if err := Write(&buf, seeds, n); err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	titles := map[string]bool{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if ids[r.ID] {
			t.Errorf("duplicate id %s", r.ID)
		}
		ids[r.ID] = true
		titles[r.Title] = true
		if r.Abstract == "" || len(r.Versions) == 0 {
			t.Errorf("%s: empty abstract or versions", r.ID)
		}
	}
	if len(ids) != n {
		t.Errorf("records = %d, want %d", len(ids), n)
	}
	if len(titles) < n*9/10 {
		t.Errorf("only %d distinct titles in %d records", len(titles), n)
	}
	if ID(0) != "1501.00001" || ID(perMonth) != "1502.00001" {
		t.Errorf("ID(0) = %s, ID(perMonth) = %s", ID(0), ID(perMonth))
	}
}
