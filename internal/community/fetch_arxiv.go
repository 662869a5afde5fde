package community

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
)

// ArxivFetcher gets submitted papers the store lacks from the arXiv API.
type ArxivFetcher struct {
	Client *arxiv.Client
	Store  *store.Store
	Log    *slog.Logger
}

// fetchTimeout bounds one try at fetching a submitted paper, in the
// background: the client paces requests 3 seconds apart and retries when
// arXiv asks it to back off. A try that times out is tried again later
// (fetches.go); fetchLease is longer.
const fetchTimeout = 45 * time.Second

// FetchPaper fetches one paper by its canonical id and stores it.
func (f ArxivFetcher) FetchPaper(ctx context.Context, id string) error {
	ctx, cancel := context.WithTimeout(ctx, fetchTimeout)
	defer cancel()
	var recs []source.Record
	res, err := f.Client.Fetch(ctx, []string{id}, source.Handler{
		Record: func(r source.Record) error { recs = append(recs, r); return nil },
		Reject: func(e *source.RecordError) {
			f.Log.Warn("arXiv sent a malformed entry", "at", e.Pos.String(), "error", e.Err)
		},
	})
	if err != nil {
		f.Log.Warn("fetch a submitted paper", "id", id, "error", err)
		return &paper.UserError{Kind: err, Msg: "arXiv did not answer in time; please try again in a minute"}
	}
	if len(res.Missing) > 0 || len(recs) == 0 {
		return paper.Public(paper.ErrNotFound, fmt.Sprintf("arXiv has no paper %s", id))
	}
	_, err = importer.StoreRecords(ctx, f.Store, recs)
	return err
}
