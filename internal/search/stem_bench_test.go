package search

import (
	"bufio"
	"encoding/json"
	"os"
	"testing"
)

// benchPapers reads the titles and abstracts of the 200 real records in
// testdata/kaggle.
func benchPapers(b *testing.B) [][2]string {
	f, err := os.Open("../../testdata/kaggle/snapshot-head-200-lines.jsonl")
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	var out [][2]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var r struct{ Title, Abstract, Authors string }
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			b.Fatal(err)
		}
		out = append(out, [2]string{r.Title, r.Abstract + " " + r.Authors})
	}
	return out
}

// BenchmarkAddText and BenchmarkAddPaper compare indexing a batch of 5,000
// papers without and with stems.
func BenchmarkAddText(b *testing.B) {
	ps := benchPapers(b)
	for b.Loop() {
		bl := NewBuilder()
		for i := range 5000 {
			p := ps[i%len(ps)]
			bl.AddText(int64(i), p[0], p[1])
		}
	}
}

func BenchmarkAddPaper(b *testing.B) {
	ps := benchPapers(b)
	for b.Loop() {
		bl := NewBuilder()
		for i := range 5000 {
			p := ps[i%len(ps)]
			bl.AddPaper(int64(i), p[0], p[1])
		}
	}
}
