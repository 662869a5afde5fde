package arxiv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/source"
)

// DefaultMetadataPrefix is the OAI-PMH format harvested when none is named.
const DefaultMetadataPrefix = "arXiv"

// dayLayout is OAI-PMH's day granularity, which arXiv uses.
const dayLayout = "2006-01-02"

// HarvestRequest says what to harvest over OAI-PMH.
type HarvestRequest struct {
	Set string // e.g. "cs" or "physics:hep-th"; empty harvests everything
	// From (YYYY-MM-DD) overrides where the harvest starts; empty means
	// from where the last harvest of this set left off, or from the
	// beginning if there was none.
	From           string
	Until          string // YYYY-MM-DD, optional
	MetadataPrefix string // default DefaultMetadataPrefix
}

// HarvestResult says what one Harvest call did.
type HarvestResult struct {
	Pages, Records int  // read and stored by this call
	Restarted      bool // arXiv refused the resumption token; the harvest began again from From
	NextFrom       string
}

// Harvest reads a set page by page with ListRecords and hands each page's
// records to sink, which stores them; then it saves a checkpoint in cp.
// An interrupted harvest continues from the saved resumption token (unless
// req asks for other From/Until bounds); a finished one records where the
// next should start, so calling Harvest every day harvests incrementally. sink may see a page again after a
// crash, so storing must be idempotent.
func (c *Client) Harvest(ctx context.Context, req HarvestRequest, cp CheckpointStore,
	sink func(ctx context.Context, recs []source.Record) error) (HarvestResult, error) {
	if req.MetadataPrefix == "" {
		req.MetadataPrefix = DefaultMetadataPrefix
	}
	key := CheckpointKey(req.Set, req.MetadataPrefix)
	if err := req.validate(); err != nil {
		return HarvestResult{}, fmt.Errorf("arxiv harvest %s: %w", key, err)
	}
	h := &harvest{c: c, store: cp, sink: sink}
	if err := h.start(ctx, req, key); err != nil {
		return HarvestResult{}, fmt.Errorf("arxiv harvest %s: %w", key, err)
	}
	if err := h.run(ctx); err != nil {
		return h.res, fmt.Errorf("arxiv harvest %s: %w", key, err)
	}
	return h.res, nil
}

func (r HarvestRequest) validate() error {
	for _, d := range []string{r.From, r.Until} {
		if _, err := time.Parse(dayLayout, d); d != "" && err != nil {
			return fmt.Errorf("%w: date %q is not YYYY-MM-DD", paper.ErrInvalid, d)
		}
	}
	return nil
}

// harvest is one Harvest call in progress.
type harvest struct {
	c     *Client
	store CheckpointStore
	sink  func(ctx context.Context, recs []source.Record) error
	cp    Checkpoint
	res   HarvestResult
	// started is set once the list's first page has been read and
	// cp.NextFrom holds its day.
	started bool
}

// start loads the checkpoint and decides whether to resume or begin.
func (h *harvest) start(ctx context.Context, req HarvestRequest, key string) error {
	cp, err := h.store.LoadCheckpoint(ctx, key)
	switch {
	case errors.Is(err, paper.ErrNotFound):
		cp = Checkpoint{}
	case err != nil:
		return fmt.Errorf("loading checkpoint: %w", err)
	}
	// The store may not keep what the key already says.
	cp.Key, cp.Set, cp.MetadataPrefix = key, req.Set, req.MetadataPrefix
	h.cp = cp
	if cp.ResumptionToken != "" && (req.From == "" || req.From == cp.From) && req.Until == cp.Until {
		h.started = true
		h.c.log.Info("arxiv harvest resuming", "key", key, "pages", cp.Pages, "records", cp.Records)
		return nil
	}
	if cp.ResumptionToken != "" {
		// The caller asked for other bounds; the interrupted list is not it.
		h.c.log.Info("arxiv harvest dropping an interrupted harvest with other bounds",
			"key", key, "from", cp.From, "until", cp.Until)
	}
	from := req.From
	switch {
	case from != "":
	case cp.ResumptionToken != "":
		// NextFrom is the unfinished list's start day; what it had not
		// yet read lies after its From.
		from = cp.From
	default:
		from = cp.NextFrom
	}
	h.begin(from, req.Until)
	return nil
}

// begin sets the checkpoint up for a new list starting at from.
func (h *harvest) begin(from, until string) {
	h.cp.From, h.cp.Until = from, until
	h.cp.ResumptionToken, h.cp.ListStarted = "", ""
	h.cp.Records, h.cp.Pages = 0, 0
	h.started = false
}

func (h *harvest) run(ctx context.Context) error {
	for {
		page, recs, err := h.c.listRecords(ctx, h.url())
		if err != nil {
			retry, err := h.oaiError(ctx, page, err)
			if !retry {
				return err
			}
			continue
		}
		if err := h.store1(ctx, page, recs); err != nil {
			return err
		}
		if h.cp.ResumptionToken == "" {
			return nil
		}
	}
}

// url is the next ListRecords request. A resumed list takes the token and
// nothing else, as OAI-PMH requires.
func (h *harvest) url() string {
	q := url.Values{"verb": {"ListRecords"}}
	if h.cp.ResumptionToken != "" {
		q.Set("resumptionToken", h.cp.ResumptionToken)
		return h.c.oaiURL + "?" + q.Encode()
	}
	q.Set("metadataPrefix", h.cp.MetadataPrefix)
	setIf(q, "set", h.cp.Set)
	setIf(q, "from", h.cp.From)
	setIf(q, "until", h.cp.Until)
	return h.c.oaiURL + "?" + q.Encode()
}

func setIf(q url.Values, k, v string) {
	if v != "" {
		q.Set(k, v)
	}
}

// store1 hands one page to the sink and then, only then, saves the
// checkpoint: a crash in between reads the page again, which is harmless,
// whereas saving first would lose it.
func (h *harvest) store1(ctx context.Context, page source.OAIPage, recs []source.Record) error {
	if page.ResumptionToken != "" && page.ResumptionToken == h.cp.ResumptionToken {
		return fmt.Errorf("resumption token %q did not advance", page.ResumptionToken)
	}
	h.markStart(page)
	if len(recs) > 0 {
		if err := h.sink(ctx, recs); err != nil {
			return fmt.Errorf("storing page %d: %w", h.cp.Pages+1, err)
		}
	}
	h.cp.ResumptionToken = page.ResumptionToken
	h.cp.Pages++
	h.cp.Records += len(recs)
	h.res.Pages++
	h.res.Records += len(recs)
	return h.save(ctx)
}

// markStart notes the day of a list's first response.
func (h *harvest) markStart(page source.OAIPage) {
	if !h.started {
		h.cp.ListStarted = h.day(page.ResponseDate)
		h.started = true
	}
}

// save writes the checkpoint, and reports NextFrom once the list is done.
// A finished list moves NextFrom to the day it started only when it covered
// everything since the previous NextFrom: a list bounded by Until, or one
// that began after NextFrom, leaves records after it unread, and the next
// incremental harvest must still start where the last complete one ended.
func (h *harvest) save(ctx context.Context) error {
	if h.cp.ResumptionToken == "" && h.cp.Until == "" && (h.cp.NextFrom == "" || h.cp.From <= h.cp.NextFrom) {
		h.cp.NextFrom = h.cp.ListStarted
	}
	h.cp.UpdatedAt = h.c.now().UTC()
	if err := h.store.SaveCheckpoint(ctx, h.cp); err != nil {
		return fmt.Errorf("saving checkpoint: %w", err)
	}
	if h.cp.ResumptionToken == "" {
		h.res.NextFrom = h.cp.NextFrom
		h.c.log.Info("arxiv harvest done", "key", h.cp.Key, "pages", h.cp.Pages,
			"records", h.cp.Records, "next_from", h.cp.NextFrom)
	}
	return nil
}

// oaiError handles the errors OAI-PMH reports in a page. It says whether
// to go on with the next request.
func (h *harvest) oaiError(ctx context.Context, page source.OAIPage, err error) (bool, error) {
	var oe *source.OAIError
	if !errors.As(err, &oe) {
		return false, err
	}
	switch oe.Code {
	case source.OAINoRecordsMatch:
		// Nothing changed since From: the list is complete and empty.
		h.markStart(page)
		h.cp.ResumptionToken = ""
		return false, h.save(ctx)
	case source.OAIBadResumptionToken:
		if h.cp.ResumptionToken == "" || h.res.Restarted {
			return false, err
		}
		h.c.log.Warn("arxiv harvest: resumption token refused, restarting", "key", h.cp.Key,
			"token", h.cp.ResumptionToken, "from", h.cp.From, slog.Any("error", err))
		h.res.Restarted = true
		h.begin(h.cp.From, h.cp.Until)
		return true, nil
	}
	return false, err
}

// day is the day of an OAI responseDate, or today when there was none.
func (h *harvest) day(t time.Time) string {
	if t.IsZero() {
		t = h.c.now()
	}
	return t.UTC().Format(dayLayout)
}

// listRecords fetches one ListRecords page. Records are collected, not
// streamed, because a page is retried whole if its transfer fails.
func (c *Client) listRecords(ctx context.Context, u string) (source.OAIPage, []source.Record, error) {
	var page source.OAIPage
	var b *batch
	err := c.get(ctx, u, func(r io.Reader) error {
		b = &batch{}
		var err error
		page, err = source.ParseOAIPage(ctx, r, source.Options{File: u}, source.Handler{
			Record: func(rec source.Record) error { b.records = append(b.records, rec); return nil },
			Reject: func(e *source.RecordError) { b.rejects = append(b.rejects, e) },
		})
		return err
	})
	if err != nil {
		return page, nil, err
	}
	for _, e := range b.rejects {
		c.log.Warn("arxiv harvest: skipped a malformed record", slog.Any("error", e))
	}
	return page, b.records, nil
}
