// Package source reads papers from every format real users have: arXiv API
// Atom responses, OAI-PMH pages (arXiv, arXivRaw, oai_dc), arXiv RSS
// listings, the Kaggle metadata snapshot and Hugging Face daily_papers
// responses. Every parser streams: it hands each record to a Handler as soon
// as it is read and never holds the whole input.
package source

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Errors that describe a whole input rather than one record.
var (
	ErrUnsupported = errors.New("not a supported format")
	ErrTruncated   = errors.New("input is truncated")
	ErrMalformed   = errors.New("malformed record")
)

// Format names an input format.
type Format string

// The formats Detect recognises.
const (
	FormatAtom   Format = "arxiv-atom"   // arXiv API export.arxiv.org/api/query
	FormatOAI    Format = "oai-pmh"      // arXiv OAI-PMH ListRecords / GetRecord
	FormatRSS    Format = "arxiv-rss"    // rss.arxiv.org listings
	FormatKaggle Format = "kaggle-jsonl" // Kaggle arxiv-metadata-oai-snapshot
	FormatHF     Format = "hf-daily"     // Hugging Face /api/daily_papers
)

// Position says where a record sits in its input, for error messages.
// Line is 1-based; Index counts records from 1.
type Position struct {
	File  string
	Line  int
	Index int
}

func (p Position) String() string {
	name := p.File
	if name == "" {
		name = "<input>"
	}
	switch {
	case p.Line > 0 && p.Index > 0:
		return fmt.Sprintf("%s:%d (record %d)", name, p.Line, p.Index)
	case p.Line > 0:
		return fmt.Sprintf("%s:%d", name, p.Line)
	default:
		return fmt.Sprintf("%s (record %d)", name, p.Index)
	}
}

// Record is one paper read from a source, with the feed entry and submitter
// when the source has them (Hugging Face).
type Record struct {
	Paper     paper.Paper
	Entry     *paper.Entry
	Submitter *paper.User
	Pos       Position
}

// RecordError reports a malformed record that was skipped.
type RecordError struct {
	Pos Position
	Err error
}

func (e *RecordError) Error() string { return e.Pos.String() + ": " + e.Err.Error() }
func (e *RecordError) Unwrap() error { return e.Err }

// Handler receives what a parser reads. Record returning an error stops the
// parse with that error; Reject is told of each malformed record, which the
// parser then skips.
type Handler struct {
	Record func(Record) error
	Reject func(*RecordError)
}

// Options tune parsing.
type Options struct {
	// File names the input in positions.
	File string
	// FeedDay, for Hugging Face responses, is the day the response was
	// requested for (YYYY-MM-DD); empty means derive it per entry.
	FeedDay string
	// Location is the site's time zone, in which feed days are counted.
	Location *time.Location
}

func (o Options) location() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// Header is a prefix of the input long enough to tell its format.
const headerSize = 4096

// Parse reads r in format f and hands every record to h.
func Parse(ctx context.Context, f Format, r io.Reader, opts Options, h Handler) error {
	if h.Reject == nil {
		h.Reject = func(*RecordError) {}
	}
	switch f {
	case FormatAtom:
		return parseAtom(ctx, r, opts, h)
	case FormatOAI:
		return parseOAI(ctx, r, opts, h)
	case FormatRSS:
		return parseRSS(ctx, r, opts, h)
	case FormatKaggle:
		return parseKaggle(ctx, r, opts, h)
	case FormatHF:
		return parseHF(ctx, r, opts, h)
	}
	return fmt.Errorf("parse %s: %w", f, ErrUnsupported)
}
