package arxiv

import (
	"context"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/source"
)

const (
	// maxIDsPerRequest is how many identifiers one API request asks for.
	maxIDsPerRequest = 100
	// maxListed bounds how many invalid identifiers an error names.
	maxListed = 20
)

// FetchResult says what Fetch found. arXiv silently leaves out identifiers
// it does not know; they are listed in Missing, in canonical form.
type FetchResult struct {
	Requested int // distinct identifiers asked for
	Found     int
	Missing   []string
}

// Fetch asks the arXiv API for the papers ids name, in any form arxivid.Parse
// accepts, and hands each to h. Identifiers are deduplicated on their
// version-less form; a version, when given, is passed on to arXiv. Invalid
// identifiers fail the whole call before any request is made.
func (c *Client) Fetch(ctx context.Context, ids []string, h source.Handler) (FetchResult, error) {
	want, err := normaliseIDs(ids)
	if err != nil {
		return FetchResult{}, fmt.Errorf("arxiv fetch: %w", err)
	}
	if h.Reject == nil {
		h.Reject = func(*source.RecordError) {}
	}
	res := FetchResult{Requested: len(want)}
	seen := make(map[string]bool, len(want))
	for batch := range slices.Chunk(want, maxIDsPerRequest) {
		b, err := c.fetchBatch(ctx, batch)
		if err != nil {
			return res, fmt.Errorf("arxiv fetch: %w", err)
		}
		if err := b.deliver(h, seen); err != nil {
			return res, fmt.Errorf("arxiv fetch: %w", err)
		}
	}
	for _, id := range want {
		if seen[id.Base] {
			res.Found++
		} else {
			res.Missing = append(res.Missing, id.String())
		}
	}
	return res, nil
}

// normaliseIDs parses and deduplicates ids, keeping the first form of each.
func normaliseIDs(ids []string) ([]arxivid.ID, error) {
	var out []arxivid.ID
	var bad []string
	dup := make(map[string]bool, len(ids))
	for _, s := range ids {
		id, err := arxivid.Parse(s)
		if err != nil {
			bad = append(bad, strconv.Quote(s))
			continue
		}
		if !dup[id.Base] {
			dup[id.Base] = true
			out = append(out, id)
		}
	}
	if len(bad) > maxListed {
		bad = append(bad[:maxListed], fmt.Sprintf("and %d more", len(bad)-maxListed))
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%w: %s", arxivid.ErrInvalid, strings.Join(bad, ", "))
	}
	return out, nil
}

// batch is what one API response held. It is delivered only once the whole
// response has been read, because a response cut short is fetched again.
type batch struct {
	records []source.Record
	rejects []*source.RecordError
}

func (b *batch) deliver(h source.Handler, seen map[string]bool) error {
	for _, e := range b.rejects {
		h.Reject(e)
	}
	for _, r := range b.records {
		seen[r.Paper.ID] = true
		if err := h.Record(r); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) fetchBatch(ctx context.Context, ids []arxivid.ID) (*batch, error) {
	u := c.fetchURL(ids)
	var b *batch
	err := c.get(ctx, u, func(r io.Reader) error {
		b = &batch{}
		_, err := source.ParseAtomFeed(ctx, r, source.Options{File: u}, source.Handler{
			Record: func(rec source.Record) error { b.records = append(b.records, rec); return nil },
			Reject: func(e *source.RecordError) { b.rejects = append(b.rejects, e) },
		})
		return err
	})
	return b, err
}

func (c *Client) fetchURL(ids []arxivid.ID) string {
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = id.String()
	}
	q := url.Values{}
	q.Set("id_list", strings.Join(list, ","))
	q.Set("max_results", strconv.Itoa(len(ids)))
	return c.apiURL + "?" + q.Encode()
}
