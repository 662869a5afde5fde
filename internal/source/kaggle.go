package source

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// The Kaggle snapshot is one JSON object per line of about 2 KB, 4.5 GB of
// them. A 64 KiB buffer reads as fast as a 1 MiB one (decoding is the cost)
// and is cheap for small inputs: a fresh 1 MiB buffer costs milliseconds of
// page faults per parse. Lines longer than the buffer are assembled apart, up
// to maxKaggleLine; a longer one is rejected, so memory stays bounded.
const (
	kaggleBufferSize = 64 << 10
	maxKaggleLine    = 64 << 20
)

// kaggleRecord holds exactly the fields of a snapshot line that we use, so
// json.Unmarshal skips everything else without allocating.
type kaggleRecord struct {
	ID            string          `json:"id"`
	Submitter     string          `json:"submitter"`
	Authors       string          `json:"authors"`
	Title         string          `json:"title"`
	Comments      string          `json:"comments"`
	JournalRef    string          `json:"journal-ref"`
	DOI           string          `json:"doi"`
	ReportNo      string          `json:"report-no"`
	Categories    string          `json:"categories"`
	License       string          `json:"license"`
	Abstract      string          `json:"abstract"`
	Versions      []kaggleVersion `json:"versions"`
	UpdateDate    string          `json:"update_date"`
	AuthorsParsed [][]string      `json:"authors_parsed"` // keyname, forenames, suffix, affiliations...
}

type kaggleVersion struct {
	Version string `json:"version"`
	Created string `json:"created"`
}

// Layouts of versions[].created ("Mon, 2 Apr 2007 19:18:42 GMT"); the first
// matches every line we have seen without a time zone lookup.
const (
	kaggleCreatedGMT  = "Mon, 2 Jan 2006 15:04:05 GMT"
	kaggleCreatedZone = "Mon, 2 Jan 2006 15:04:05 MST"
)

var errKaggleLineTooLong = errors.New("line too long")

// parseKaggle reads the Kaggle arXiv metadata snapshot, one JSON object per
// line; positions are line numbers.
func parseKaggle(ctx context.Context, r io.Reader, opts Options, h Handler) error {
	lr := &kaggleLineReader{br: bufio.NewReaderSize(r, kaggleBufferSize), max: maxKaggleLine}
	started := false
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		line, terminated, err := lr.next()
		pos := Position{File: opts.File, Line: lr.line}
		switch {
		case errors.Is(err, io.EOF):
			return nil
		case errors.Is(err, errKaggleLineTooLong):
			h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("%w: longer than %d bytes", ErrMalformed, lr.max)})
			continue
		case err != nil:
			return fmt.Errorf("%s: read: %w", pos, err)
		}
		if lr.line == 1 {
			line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
		}
		if !started {
			if err := kaggleCheckFirst(line, pos); err != nil {
				return err
			}
			started = len(bytes.TrimSpace(line)) > 0
		}
		if err := kaggleLine(line, terminated, pos, h); err != nil {
			return err
		}
	}
}

// kaggleCheckFirst refuses input whose first non-blank line is not a JSON
// object rather than rejecting every line of, say, a 4 GB CSV.
func kaggleCheckFirst(line []byte, pos Position) error {
	line = bytes.TrimSpace(line)
	if len(line) > 0 && line[0] != '{' {
		return fmt.Errorf("%s: %w: not a JSON object per line", pos, ErrUnsupported)
	}
	return nil
}

// kaggleLine hands one line's record to h, or rejects it. A last line that
// lacks its newline and does not parse means the input was cut short.
func kaggleLine(line []byte, terminated bool, pos Position, h Handler) error {
	line = bytes.TrimSpace(line)
	if len(line) == 0 {
		return nil
	}
	var rec kaggleRecord
	if err := json.Unmarshal(line, &rec); err != nil {
		if !terminated {
			return fmt.Errorf("%s: last line has no newline and is not valid JSON: %w", pos, ErrTruncated)
		}
		h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("%w: %v", ErrMalformed, err)})
		return nil
	}
	p, err := rec.paper()
	if err != nil {
		h.Reject(&RecordError{Pos: pos, Err: err})
		return nil
	}
	if err := h.Record(Record{Paper: p, Pos: pos}); err != nil {
		return fmt.Errorf("%s: %w", pos, err)
	}
	return nil
}

// paper turns a snapshot line into a Paper. UpdatedAt is the newest version's
// date, like every other source gives it, not update_date: that is the day
// arXiv last touched the metadata (a journal-ref added years later), has no
// time of day, and is used only when a line lists no versions.
func (rec *kaggleRecord) paper() (paper.Paper, error) {
	id, err := arxivid.Canonical(rec.ID)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%w: id: %v", ErrMalformed, err)
	}
	p := paper.Paper{
		ID:         id,
		Title:      cleanText(rec.Title),
		Abstract:   cleanText(rec.Abstract),
		Authors:    rec.authors(),
		Comments:   cleanText(rec.Comments),
		JournalRef: cleanText(rec.JournalRef),
		DOIs:       jsonNilIfEmpty(strings.Fields(rec.DOI)),
		ReportNo:   cleanText(rec.ReportNo),
		License:    strings.TrimSpace(rec.License),
		Submitter:  cleanText(rec.Submitter),
	}
	if p.Title == "" {
		return paper.Paper{}, fmt.Errorf("%w: %s: empty title", ErrMalformed, id)
	}
	p.Categories = kaggleCategories(rec.Categories)
	if len(p.Categories) > 0 {
		p.PrimaryCategory = p.Categories[0]
	}
	if err := rec.setVersions(&p); err != nil {
		return paper.Paper{}, fmt.Errorf("%w: %s: %v", ErrMalformed, id, err)
	}
	p.Withdrawn = (mentionsWithdrawn(p.Comments) || mentionsWithdrawn(p.Abstract)) &&
		looksWithdrawn(p.Comments, p.Abstract)
	return p, nil
}

// setVersions fills Versions, Version, PublishedAt and UpdatedAt.
func (rec *kaggleRecord) setVersions(p *paper.Paper) error {
	if len(rec.Versions) == 0 {
		if rec.UpdateDate == "" {
			return nil
		}
		t, err := time.Parse(paper.DayLayout, rec.UpdateDate)
		if err != nil {
			return fmt.Errorf("update_date %q", rec.UpdateDate)
		}
		p.UpdatedAt = t
		return nil
	}
	vs := make([]paper.Version, len(rec.Versions))
	for i, v := range rec.Versions {
		n, err := strconv.Atoi(strings.TrimPrefix(v.Version, "v"))
		if err != nil || n <= 0 {
			return fmt.Errorf("version %q", v.Version)
		}
		t, err := parseKaggleCreated(v.Created)
		if err != nil {
			return fmt.Errorf("version %s: date %q", v.Version, v.Created)
		}
		vs[i] = paper.Version{Version: n, Date: t}
	}
	// The snapshot lists versions in order; sort only if one ever does not.
	byNumber := func(a, b paper.Version) int { return a.Version - b.Version }
	if !slices.IsSortedFunc(vs, byNumber) {
		slices.SortStableFunc(vs, byNumber)
	}
	p.Versions = vs
	p.Version = vs[len(vs)-1].Version
	p.PublishedAt = vs[0].Date
	p.UpdatedAt = vs[len(vs)-1].Date
	return nil
}

func parseKaggleCreated(s string) (time.Time, error) {
	t, err := time.Parse(kaggleCreatedGMT, s)
	if err != nil {
		t, err = time.Parse(kaggleCreatedZone, s)
	}
	return t.UTC(), err
}

// mentionsWithdrawn is a quick test that spares nearly every record
// looksWithdrawn, which lower-cases the whole abstract: each of its markers
// contains "withdrawn".
func mentionsWithdrawn(s string) bool {
	const word = "withdrawn"
	for i := 0; i+len(word) <= len(s); i++ {
		if s[i]|0x20 == 'w' && strings.EqualFold(s[i:i+len(word)], word) {
			return true
		}
	}
	return false
}

// authors prefers authors_parsed, which has Unicode names ("Balázs") and
// affiliations, over the authors string, which has TeX ("Bal\'azs").
func (rec *kaggleRecord) authors() []paper.Author {
	if len(rec.AuthorsParsed) == 0 {
		return kaggleAuthorList(rec.Authors)
	}
	out := make([]paper.Author, 0, len(rec.AuthorsParsed))
	for _, parts := range rec.AuthorsParsed {
		a := kaggleAuthor(parts)
		if a.Name != "" {
			out = append(out, a)
		}
	}
	return out
}

// kaggleAuthor reads ["Keyname", "Forenames", "Suffix", "Affiliation"...]
// as "Forenames Keyname Suffix".
func kaggleAuthor(parts []string) paper.Author {
	var name []string
	for _, i := range [...]int{1, 0, 2} {
		if i < len(parts) {
			if s := cleanText(parts[i]); s != "" {
				name = append(name, s)
			}
		}
	}
	a := paper.Author{Name: strings.Join(name, " ")}
	if len(parts) > 3 {
		for _, aff := range parts[3:] {
			if s := cleanText(aff); s != "" {
				a.Affiliations = append(a.Affiliations, s)
			}
		}
	}
	return a
}

// kaggleAuthorList splits arXiv's "A, B and C" author string, for lines that
// lack authors_parsed.
func kaggleAuthorList(s string) []paper.Author {
	s = strings.ReplaceAll(cleanText(s), " and ", ", ")
	var out []paper.Author
	for name := range strings.SplitSeq(s, ",") {
		if name = strings.TrimSpace(name); name != "" {
			out = append(out, paper.Author{Name: name})
		}
	}
	return out
}

// kaggleCategories splits "math.CO cs.CG" keeping the first (primary) first
// and dropping repeats.
func kaggleCategories(s string) []string {
	var out []string
	for c := range strings.FieldsSeq(s) {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

func jsonNilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

// kaggleLineReader reads lines through a bufio.Reader, returning a slice of its
// buffer for the usual short line and assembling longer ones in long, up to
// max bytes.
type kaggleLineReader struct {
	br   *bufio.Reader
	max  int
	long []byte
	line int // number of the line last returned
}

// next returns the next line, whether it ended with a newline, and io.EOF
// once there are no more lines. The line is valid until the next call.
func (lr *kaggleLineReader) next() ([]byte, bool, error) {
	b, err := lr.br.ReadSlice('\n')
	if len(b) == 0 && err != nil && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, false, err
	}
	lr.line++
	if !errors.Is(err, bufio.ErrBufferFull) {
		return b, err == nil, kaggleNilIfEOF(err)
	}
	lr.long = append(lr.long[:0], b...)
	for errors.Is(err, bufio.ErrBufferFull) {
		b, err = lr.br.ReadSlice('\n')
		if len(lr.long)+len(b) > lr.max {
			return nil, false, lr.skipLine(err)
		}
		lr.long = append(lr.long, b...)
	}
	return lr.long, err == nil, kaggleNilIfEOF(err)
}

// skipLine discards the rest of an over-long line.
func (lr *kaggleLineReader) skipLine(err error) error {
	for errors.Is(err, bufio.ErrBufferFull) {
		_, err = lr.br.ReadSlice('\n')
	}
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	return errKaggleLineTooLong
}

func kaggleNilIfEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return nil
	}
	return err
}
