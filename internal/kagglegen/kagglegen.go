// Package kagglegen writes large Kaggle-format arXiv snapshot files made from
// real records, for benchmarks and crash tests: arXiv's real snapshot is
// 4.5 GB and cannot be shipped or downloaded here.
//
// Record i is real record i mod n of the seed file with a new, unique
// new-style identifier (months from 2015-01 on, five-digit numbers), its
// version dates moved into that month, the second half of its title and of
// its abstract taken from other real records, and its authors rotated, so
// that text is realistic in length, vocabulary and escaping but no two
// records are the same.
package kagglegen

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Record mirrors a snapshot line, fields in the snapshot's order.
type Record struct {
	ID            string          `json:"id"`
	Submitter     *string         `json:"submitter"`
	Authors       string          `json:"authors"`
	Title         string          `json:"title"`
	Comments      *string         `json:"comments"`
	JournalRef    *string         `json:"journal-ref"`
	DOI           *string         `json:"doi"`
	ReportNo      *string         `json:"report-no"`
	Categories    string          `json:"categories"`
	License       *string         `json:"license"`
	Abstract      string          `json:"abstract"`
	Versions      []Version       `json:"versions"`
	UpdateDate    string          `json:"update_date"`
	AuthorsParsed json.RawMessage `json:"authors_parsed"`
}

// Version is one entry of a record's versions.
type Version struct {
	Version string `json:"version"`
	Created string `json:"created"`
}

// Seeds reads the real records of a snapshot file.
func Seeds(r io.Reader) ([]json.RawMessage, error) {
	var seeds []json.RawMessage
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for sc.Scan() {
		if line := bytes.TrimSpace(sc.Bytes()); len(line) > 0 {
			seeds = append(seeds, append(json.RawMessage(nil), line...))
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read seeds: %w", err)
	}
	if len(seeds) < 2 {
		return nil, fmt.Errorf("need at least 2 seed records, got %d", len(seeds))
	}
	return seeds, nil
}

// perMonth is how many identifiers one month gets; arXiv's five-digit
// numbers allow 99999.
const perMonth = 90000

// ID returns the identifier of record i.
func ID(i int) string {
	month := i / perMonth // months since 2015-01
	yy, mm := 15+month/12, 1+month%12
	return fmt.Sprintf("%02d%02d.%05d", yy%100, mm, 1+i%perMonth)
}

// Write writes n records made from seeds to w.
func Write(w io.Writer, seeds []json.RawMessage, n int) error {
	parsed := make([]Record, len(seeds))
	for i, s := range seeds {
		if err := json.Unmarshal(s, &parsed[i]); err != nil {
			return fmt.Errorf("seed %d: %w", i, err)
		}
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	for i := 0; i < n; i++ {
		if err := enc.Encode(vary(parsed, i)); err != nil {
			return fmt.Errorf("record %d: %w", i, err)
		}
	}
	return bw.Flush()
}

func vary(seeds []Record, i int) Record {
	k := len(seeds)
	r := seeds[i%k]
	j := (i/k + i*7 + 1) % k
	if j == i%k {
		j = (j + 1) % k
	}
	other := seeds[j]
	r.ID = ID(i)
	r.Title = halfAndHalf(r.Title, other.Title)
	r.Abstract = halfAndHalf(r.Abstract, other.Abstract)
	r.Authors = rotate(r.Authors, i/k)
	month := time.Date(2015, time.January, 1, 0, 0, 0, 0, time.UTC).AddDate(0, i/perMonth, 0)
	vs := make([]Version, len(r.Versions))
	for j, v := range r.Versions {
		t := month.Add(time.Duration(j*72+i%24) * time.Hour)
		vs[j] = Version{Version: v.Version, Created: t.Format(time.RFC1123)}
	}
	r.Versions = vs
	r.UpdateDate = month.AddDate(0, 0, 3*len(vs)).Format("2006-01-02")
	return r
}

// halfAndHalf joins the first half of a's words to the second half of b's.
func halfAndHalf(a, b string) string {
	aw, bw := strings.Fields(a), strings.Fields(b)
	return strings.Join(append(aw[:len(aw)/2:len(aw)/2], bw[len(bw)/2:]...), " ")
}

// rotate moves the first n%len authors of a comma-separated list to its end.
func rotate(authors string, n int) string {
	parts := strings.Split(authors, ", ")
	if len(parts) < 2 {
		return authors
	}
	n %= len(parts)
	return strings.Join(append(parts[n:], parts[:n]...), ", ")
}

// EnsureFile writes n records made from the seed file to path, unless a
// file is already there (generating a million records takes a while).
func EnsureFile(path, seedPath string, n int) error {
	if _, err := os.Stat(path); err == nil {
		return nil
	}
	f, err := os.Open(seedPath)
	if err != nil {
		return err
	}
	defer f.Close()
	seeds, err := Seeds(f)
	if err != nil {
		return err
	}
	tmp := path + ".tmp"
	out, err := os.Create(tmp)
	if err != nil {
		return err
	}
	if err := Write(out, seeds, n); err != nil {
		out.Close()
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}
