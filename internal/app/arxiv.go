package app

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
)

func (a *invocation) arxivClient() *arxiv.Client {
	return arxiv.New(arxiv.Config{
		APIURL:      a.cfg.ArxivAPIURL,
		OAIURL:      a.cfg.ArxivOAIURL,
		Version:     Version(),
		Contact:     a.cfg.ArxivContact,
		MinInterval: a.cfg.ArxivEvery,
		Logger:      a.log,
	})
}

func runFetch(ctx context.Context, a *invocation) error {
	if len(a.args) == 0 {
		return fmt.Errorf("%w: fetch needs at least one arXiv id or URL", ErrUsage)
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	var recs []source.Record
	res, err := a.arxivClient().Fetch(ctx, a.args, source.Handler{
		Record: func(r source.Record) error { recs = append(recs, r); return nil },
		Reject: func(e *source.RecordError) {
			a.log.Warn("skipped a malformed entry", "at", e.Pos.String(), "error", e.Err)
		},
	})
	if err != nil {
		return fmt.Errorf("fetch %s: %w", joinArgs(a.args), err)
	}
	counts, err := importer.StoreRecords(ctx, s, recs)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "fetched %d of %d papers: %d new, %d updated, %d unchanged\n",
		res.Found, res.Requested, counts.New, counts.Updated, counts.Unchanged)
	if len(res.Missing) > 0 {
		fmt.Fprintf(a.env.Stdout, "not on arXiv: %s\n", joinArgs(res.Missing))
		return fmt.Errorf("%s not found on arXiv", plural.Count(len(res.Missing), "paper"))
	}
	return nil
}

type harvestOptions struct {
	set, from, until, prefix string
}

func harvestFlags(fs *flag.FlagSet, a *invocation) {
	fs.StringVar(&a.harvest.set, "set", "", "OAI-PMH set, e.g. cs, math, physics:hep-th (empty: all of arXiv)")
	fs.StringVar(&a.harvest.from, "from", "", "first datestamp YYYY-MM-DD (default: where the last harvest of the set ended)")
	fs.StringVar(&a.harvest.until, "until", "", "last datestamp YYYY-MM-DD")
	fs.StringVar(&a.harvest.prefix, "prefix", "arXiv", "metadata format: arXiv, arXivRaw or oai_dc")
}

func runHarvest(ctx context.Context, a *invocation) error {
	for _, d := range []string{a.harvest.from, a.harvest.until} {
		if _, err := time.Parse("2006-01-02", d); d != "" && err != nil {
			return fmt.Errorf("%w: date %q: want YYYY-MM-DD", ErrUsage, d)
		}
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	req := arxiv.HarvestRequest{Set: a.harvest.set, From: a.harvest.from, Until: a.harvest.until, MetadataPrefix: a.harvest.prefix}
	res, counts, err := harvest(ctx, a.arxivClient(), s, req)
	fmt.Fprintf(a.env.Stdout, "harvested %s, %s: %d new, %d updated, %d unchanged; next harvest from %s\n",
		plural.Count(res.Pages, "page"), plural.Count(res.Records, "record"), counts.New, counts.Updated, counts.Unchanged, res.NextFrom)
	if err != nil || counts.New == 0 {
		return err
	}
	// As after import: the harvested papers' vectors, outside its transactions.
	_, err = backfillVectors(ctx, s, a.log)
	return err
}

// harvest runs one incremental harvest into the store.
func harvest(ctx context.Context, c *arxiv.Client, s *store.Store, req arxiv.HarvestRequest) (arxiv.HarvestResult, store.ImportCounts, error) {
	var counts store.ImportCounts
	res, err := c.Harvest(ctx, req, checkpoints{s}, func(ctx context.Context, recs []source.Record) error {
		c, err := importer.StoreRecords(ctx, s, recs)
		counts.Add(c)
		return err
	})
	if err != nil {
		return res, counts, fmt.Errorf("harvest set %q: %w", req.Set, err)
	}
	return res, counts, nil
}

// checkpoints keeps the harvester's checkpoints in the store.
type checkpoints struct{ s *store.Store }

func (c checkpoints) LoadCheckpoint(ctx context.Context, key string) (arxiv.Checkpoint, error) {
	cp, err := c.s.LoadCheckpoint(ctx, key)
	return arxiv.Checkpoint(cp), err
}

func (c checkpoints) SaveCheckpoint(ctx context.Context, cp arxiv.Checkpoint) error {
	return c.s.SaveCheckpoint(ctx, store.Checkpoint(cp))
}
