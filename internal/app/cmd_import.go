package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"time"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/store"
)

type importOptions struct {
	date  string
	batch int
	quiet bool
	// noVectors leaves the papers' vectors to the next `serve`, which
	// computes them in the background: a bulk load that is served later
	// need not wait for them.
	noVectors bool
}

func importFlags(fs *flag.FlagSet, a *invocation) {
	fs.StringVar(&a.imp.date, "date", "", "for Hugging Face responses: the feed day (YYYY-MM-DD) they were requested for")
	fs.IntVar(&a.imp.batch, "batch", importer.DefaultBatchSize, "records per transaction")
	fs.BoolVar(&a.imp.quiet, "quiet", false, "no progress line, even on a terminal")
	fs.BoolVar(&a.imp.noVectors, "no-vectors", false, "leave similar papers' and For you's vectors to the next serve, which computes them in the background")
}

// importMemoryLimit is the Go heap an import aims to stay under (unless
// GOMEMLIMIT says otherwise): the live heap stays near 70 MB, and without a
// limit the runtime let a million-record import's resident set reach
// 230 MB while merging search segments; with 120 MiB it reached 187–198 MB,
// with 100 MiB 169 MB, a few percent slower.
const importMemoryLimit = 100 << 20

func runImport(ctx context.Context, a *invocation) error {
	if len(a.args) == 0 {
		return fmt.Errorf("%w: import needs at least one file (- reads standard input)", ErrUsage)
	}
	if a.imp.date != "" {
		if _, err := time.Parse(paper.DayLayout, a.imp.date); err != nil {
			return fmt.Errorf("%w: --date %q: want YYYY-MM-DD", ErrUsage, a.imp.date)
		}
	}
	if a.env.Getenv("GOMEMLIMIT") == "" {
		defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	opts := importer.Options{FeedDay: a.imp.date, Location: a.cfg.Location, BatchSize: a.imp.batch, Log: a.log}
	if !a.imp.quiet && isTerminal(a.env.Stderr) {
		opts.Progress = a.env.Stderr
	}
	var total importer.Summary
	var failed []error
	for _, name := range a.args {
		sum, err := a.importOne(ctx, s, name, opts)
		total.Add(sum)
		if err != nil {
			failed = append(failed, err)
			fmt.Fprintf(a.env.Stderr, "error: %v\n", err)
			if sum.Records > 0 {
				// Whole batches before the error are stored; say so.
				fmt.Fprintf(a.env.Stdout, "%s (%s, stopped by an error): %s\n", name, sum.Format, sum)
			}
			if ctx.Err() != nil {
				break
			}
			continue
		}
		fmt.Fprintf(a.env.Stdout, "%s (%s): %s\n", name, sum.Format, sum)
	}
	if len(a.args) > 1 {
		fmt.Fprintf(a.env.Stdout, "total: %s\n", total)
	}
	// Imports leave new papers' vectors to the backfill: run it now, after
	// the import's transactions, so that the database is complete.
	if ctx.Err() == nil && !a.imp.noVectors {
		done, err := backfillVectors(ctx, s, a.log)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "vectors: %s counted, %d vectorised; similar papers and For you are up to date\n", plural.Count(done.Counted, "paper"), done.Vectorised)
	}
	if len(failed) > 0 {
		return fmt.Errorf("%d of %d files failed: %w", len(failed), len(a.args), errors.Join(failed...))
	}
	return nil
}

func (a *invocation) importOne(ctx context.Context, s *store.Store, name string, opts importer.Options) (importer.Summary, error) {
	var r io.Reader = a.env.Stdin
	size := int64(-1)
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return importer.Summary{File: name}, err
		}
		defer f.Close()
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
		}
		r = f
	} else {
		name = "<stdin>"
	}
	return importer.Import(ctx, s, name, r, size, opts)
}
