package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/store"
)

// maxItems caps a feed, as the API caps a page: enough for the busiest day,
// the top of a week or a month.
const maxItems = 100

// listing is the papers of a feed, in the order of its page, before they are
// dressed for a format.
type listing struct {
	kind, arg   string
	description string
	items       []listed
}

// listed is one paper of a listing, with its feed entry when it is on a day.
type listed struct {
	paper paper.Paper
	entry *paper.Entry
}

// latest lists the newest feed day that has papers.
func (f *Feeds) latest(r *http.Request) (listing, error) {
	day, err := f.store.LatestDay(r.Context())
	if errors.Is(err, paper.ErrNotFound) {
		return listing{kind: "latest", description: "No papers yet."}, nil
	}
	if err != nil {
		return listing{}, fmt.Errorf("latest feed: %w", err)
	}
	p, err := period.ParseDay(day)
	if err != nil {
		// The store's own day is unreadable: a server fault, not a bad request.
		return listing{}, fmt.Errorf("latest feed: day %q: %v", day, err)
	}
	l, err := f.entries(r.Context(), p)
	l.kind = "latest"
	return l, err
}

// period lists a day, week or month, whose name is the path value param.
// An empty period is a valid, empty feed.
func (f *Feeds) period(kind, param string) lister {
	return func(r *http.Request) (listing, error) {
		p, err := period.Parse(periodKinds[kind], r.PathValue(param))
		if err != nil {
			return listing{}, err
		}
		l, err := f.entries(r.Context(), p)
		l.kind, l.arg = kind, p.String()
		return l, err
	}
}

// entries lists the papers of a period, most upvoted first, as its page does.
func (f *Feeds) entries(ctx context.Context, p period.Period) (listing, error) {
	es, err := f.store.Entries(ctx, store.ListQuery{From: p.From(), To: p.To(), Limit: maxItems})
	if err != nil {
		return listing{}, fmt.Errorf("feed of %s: %w", p, err)
	}
	l := listing{description: "Papers of " + p.Title() + ", most upvoted first."}
	for _, e := range es {
		l.items = append(l.items, listed{paper: e.Paper, entry: &e.Entry})
	}
	return l, nil
}

// trending lists recent papers by trending score.
func (f *Feeds) trending(r *http.Request) (listing, error) {
	ts, err := f.store.Trending(r.Context(), f.opts.Now(), maxItems, 0)
	if err != nil {
		return listing{}, fmt.Errorf("trending feed: %w", err)
	}
	l := listing{kind: "trending", description: "Recent papers, highest trending score first: " + paper.TrendingFormula + "."}
	for _, t := range ts {
		l.items = append(l.items, listed{paper: t.Paper, entry: &t.Entry})
	}
	return l, nil
}

// search lists the papers matching ?q=, most relevant first. Any query is
// valid; an empty one finds nothing.
func (f *Feeds) search(r *http.Request) (listing, error) {
	q := store.CleanQuery(r.URL.Query().Get("q"))
	res, err := f.store.Search(r.Context(), store.SearchQuery{Text: q, Limit: maxItems})
	if err != nil {
		return listing{}, fmt.Errorf("search feed: %w", err)
	}
	l := listing{kind: "search", arg: q, description: fmt.Sprintf("Papers matching %q, most relevant first.", q)}
	for _, h := range res.Hits {
		it := listed{paper: h.Paper}
		if h.Entry != nil {
			it.entry = &h.Entry.Entry
		}
		l.items = append(l.items, it)
	}
	return l, nil
}
