// Package importer moves records from a source file into the store: it
// detects the format, parses in one goroutine while the previous batch is
// written in another, commits whole batches, reports malformed records and
// shows progress.
package importer

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Options tune an import.
type Options struct {
	// FeedDay places Hugging Face entries on this day (YYYY-MM-DD).
	FeedDay string
	// Location is the site's time zone, in which feed days are counted.
	Location *time.Location
	// BatchSize is how many records one transaction commits.
	BatchSize int
	// Progress, when set, receives a progress line a few times a second.
	Progress io.Writer
	// Log receives one warning per malformed record.
	Log *slog.Logger
}

// optimizeAfter is how many changed records make an import refresh the
// query planner's statistics afterwards.
const optimizeAfter = 10000

// DefaultBatchSize balances transaction overhead against the work lost to a
// crash (never more than one uncommitted batch, which a rerun redoes) and
// memory (three batches in flight: one parsed, one waiting, one written).
// Each batch is one segment of the search index, which a search reads one
// page a word of: 5,000 keeps a million papers at 200 segments.
const DefaultBatchSize = 5000

// Summary is what an import did.
type Summary struct {
	File    string        `json:"file"`
	Format  source.Format `json:"format"`
	Records int           `json:"records"`
	store.ImportCounts
	Rejected int `json:"rejected"`
	// Dropped counts values refused by the rules of user input (see Clean),
	// in records that were kept.
	Dropped int           `json:"dropped"`
	Elapsed time.Duration `json:"-"`
}

// Add accumulates another file's summary.
func (s *Summary) Add(o Summary) {
	s.Records += o.Records
	s.ImportCounts.Add(o.ImportCounts)
	s.Rejected += o.Rejected
	s.Dropped += o.Dropped
	s.Elapsed += o.Elapsed
}

func (s Summary) String() string {
	rate := 0.0
	if s.Elapsed > 0 {
		rate = float64(s.Records) / s.Elapsed.Seconds()
	}
	return fmt.Sprintf("%s: %d new, %d updated, %d unchanged, %d rejected, %s dropped in %s (%.0f records/s)",
		plural.Count(s.Records, "record"), s.New, s.Updated, s.Unchanged, s.Rejected, plural.Count(s.Dropped, "unsafe value"), s.Elapsed.Round(time.Millisecond), rate)
}

// Import reads one input (size in bytes, or -1 when unknown) into st.
// Records before an error in the input stay stored, in whole batches; the
// error says where the input went wrong.
func Import(ctx context.Context, st *store.Store, name string, r io.Reader, size int64, opts Options) (Summary, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = DefaultBatchSize
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	counter := &countingReader{r: r}
	br := bufio.NewReaderSize(counter, 1<<20)
	format, err := source.Detect(br)
	sum := Summary{File: name, Format: format}
	if err != nil {
		return sum, fmt.Errorf("%s: %w", name, err)
	}
	prog := newProgress(opts.Progress, name, size, counter)
	defer prog.done()

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan batch, 1) // a second waiting batch cost 30 MB and no speed
	parseErr := make(chan error, 1)
	go func() {
		defer close(batches)
		parseErr <- parse(ctx, st, format, br, name, opts, batches, &sum, prog)
	}()
	var writeErr error
	for b := range batches {
		if writeErr != nil {
			continue // drain so the parser can finish
		}
		counts, err := st.ImportPrepared(ctx, b.items, b.search)
		if err != nil {
			writeErr = err
			cancel()
			continue
		}
		sum.ImportCounts.Add(counts)
	}
	err = <-parseErr
	if sum.New+sum.Updated >= optimizeAfter && writeErr == nil {
		if oerr := st.Optimize(ctx); oerr != nil {
			opts.Log.Warn("refreshing planner statistics failed", slog.Any("error", oerr))
		}
	}
	sum.Elapsed = time.Since(start)
	if writeErr != nil {
		// The parser's error, if any, is only that the writer stopped it.
		return sum, fmt.Errorf("%s: %w", name, writeErr)
	}
	if err != nil {
		return sum, fmt.Errorf("%s: %w", name, err)
	}
	return sum, nil
}

// parse runs the parser, sending full batches on out. Counters it updates
// (Records, Rejected) are read only after out is closed.
func parse(ctx context.Context, st *store.Store, format source.Format, r io.Reader, name string, opts Options,
	out chan<- batch, sum *Summary, prog *progress) error {
	items := make([]store.Item, 0, opts.BatchSize)
	send := func() error {
		if len(items) == 0 {
			return nil
		}
		select {
		// The search index is prepared here, on the parser's core, not the writer's.
		case out <- batch{items: items, search: st.PrepareSearch(items)}:
		case <-ctx.Done():
			return ctx.Err()
		}
		items = make([]store.Item, 0, opts.BatchSize)
		return nil
	}
	h := source.Handler{
		Record: func(rec source.Record) error {
			sum.Records++
			prog.read()
			it, dropped := cleanItem(rec)
			for _, d := range dropped {
				sum.Dropped++
				opts.Log.Warn("dropped an unsafe value", slog.String("at", rec.Pos.String()), slog.String("paper", rec.Paper.ID),
					slog.String("field", d.Field), slog.String("value", d.Value), slog.String("reason", d.Reason))
			}
			items = append(items, it)
			if len(items) >= opts.BatchSize {
				return send()
			}
			return nil
		},
		Reject: func(e *source.RecordError) {
			sum.Rejected++
			opts.Log.Warn("skipped a malformed record", slog.String("at", e.Pos.String()), slog.Any("error", e.Err))
		},
	}
	popts := source.Options{File: name, FeedDay: opts.FeedDay, Location: opts.Location}
	err := source.Parse(ctx, format, r, popts, h)
	// Whole records read before an error are stored: they are complete, and a
	// rerun on a repaired file merges over them without harm.
	if sendErr := send(); err == nil {
		err = sendErr
	}
	return err
}

// batch is what the parser hands the writer.
type batch struct {
	items  []store.Item
	search *store.PreparedSearch
}

// countingReader counts the bytes read through it, for progress and ETA.
type countingReader struct {
	r io.Reader
	n atomic.Int64 // read by the progress goroutine
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// ItemOf is the store item of a parsed record, cleaned (see Clean).
func ItemOf(rec source.Record) store.Item {
	it, _ := cleanItem(rec)
	return it
}

// StoreRecords imports already parsed records, a batch a transaction,
// cleaned (see Clean); it is given arXiv's records, which have none of the
// fields Clean may drop, so it does not report them.
func StoreRecords(ctx context.Context, st *store.Store, recs []source.Record) (store.ImportCounts, error) {
	var total store.ImportCounts
	for start := 0; start < len(recs); start += DefaultBatchSize {
		chunk := recs[start:min(start+DefaultBatchSize, len(recs))]
		items := make([]store.Item, len(chunk))
		for i, r := range chunk {
			items[i] = ItemOf(r)
		}
		counts, err := st.Import(ctx, items)
		if err != nil {
			return total, err
		}
		total.Add(counts)
	}
	return total, nil
}
