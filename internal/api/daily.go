package api

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// dailyQuery is a parsed /api/daily_papers request.
type dailyQuery struct {
	period      *period.Period // nil: no date, week or month given
	submitter   string
	trending    bool
	page, limit int
}

func (a *API) parseDaily(r *http.Request) (dailyQuery, error) {
	q := r.URL.Query()
	var dq dailyQuery
	var err error
	if dq.limit, err = intParam(q, "limit", 50, 1, 100); err != nil {
		return dq, err
	}
	if dq.page, err = intParam(q, "p", 0, 0, maxPage); err != nil {
		return dq, err
	}
	switch s := q.Get("sort"); s {
	case "", "publishedAt":
	case "trending":
		dq.trending = true
	default:
		return dq, invalid("sort must be publishedAt or trending")
	}
	dq.submitter = strings.TrimSpace(q.Get("submitter"))
	dq.period, err = periodParam(q, a.opts.Now(), a.opts.Location)
	return dq, err
}

// dailyParams are the parameters of /api/daily_papers other than the page.
var dailyParams = []string{"date", "week", "month", "submitter", "sort", "limit"}

// dailyPapers serves GET /api/daily_papers: a day, week or month ordered by
// upvotes; without one, the latest feed day (a submitter's entries of all
// time, with submitter), or with sort=trending the trending list. A period
// given with sort=trending is still ordered by upvotes: the period decides.
func (a *API) dailyPapers(w http.ResponseWriter, r *http.Request) error {
	dq, err := a.parseDaily(r)
	if err != nil {
		return err
	}
	es, err := a.dailyEntries(r.Context(), dq)
	if err != nil {
		return err
	}
	if dq.trending && dq.period == nil {
		site.MovesWithClock(w.Header(), a.opts.Now())
	}
	// One more than a page was asked for, to know whether another follows.
	if len(es) > dq.limit {
		es = es[:dq.limit]
		a.setNext(w, r, dailyParams, "p", strconv.Itoa(dq.page+1))
	}
	out := make([]entryJSON, len(es))
	for i, e := range es {
		out[i] = entryOf(e)
	}
	if err := a.markAllVerified(r.Context(), len(out), func(i int) *paperJSON { return &out[i].Paper }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// dailyEntries returns up to limit+1 entries of the page asked for.
func (a *API) dailyEntries(ctx context.Context, dq dailyQuery) ([]store.DayEntry, error) {
	offset := dq.page * dq.limit
	if dq.trending && dq.period == nil {
		return a.trendingEntries(ctx, dq.submitter, dq.limit+1, offset)
	}
	q := store.ListQuery{Submitter: dq.submitter, AnyOrigin: true, Limit: dq.limit + 1, Offset: offset}
	switch {
	case dq.period != nil:
		q.From, q.To = dq.period.From(), dq.period.To()
	case dq.submitter == "":
		day, err := a.store.LatestDay(ctx)
		if errors.Is(err, paper.ErrNotFound) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		q.From, q.To = day, day
	}
	return a.store.Entries(ctx, q)
}

// trendingEntries pages through the trending list, of one submitter if
// given. The list covers a week of entries, small enough to filter here.
func (a *API) trendingEntries(ctx context.Context, submitter string, limit, offset int) ([]store.DayEntry, error) {
	ts, err := a.store.Trending(ctx, a.opts.Now(), 0, 0)
	if err != nil {
		return nil, err
	}
	var es []store.DayEntry
	for _, t := range ts {
		if submitter == "" || t.Entry.Submitter == submitter {
			es = append(es, t.DayEntry)
		}
	}
	if offset >= len(es) {
		return nil, nil
	}
	return es[offset:min(offset+limit, len(es))], nil
}
