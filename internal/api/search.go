package api

import (
	"net/http"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/highlight"
	"github.com/dailypapers/dailypapers/internal/store"
)

// markOpen and markClose wrap a matched word in the highlighted fields, as
// Hugging Face's API does.
const (
	markOpen  = `<span class="highlight">`
	markClose = `</span>`
)

// searchEntryJSON is one result of /api/papers/search: an entry with the
// title and abstract as HTML, the query's words highlighted.
type searchEntryJSON struct {
	entryJSON
	HighlightedTitle   string `json:"highlightedTitle"`
	HighlightedSummary string `json:"highlightedSummary"`
}

// search serves GET /api/papers/search?q=&limit=&sort=, best match first
// (sort=newest or sort=upvotes: papers with every word first, then by
// date or votes; any other sort is relevance). Whatever q holds is a
// query, never an error.
func (a *API) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	out := []searchEntryJSON{}
	text := store.CleanQuery(q.Get("q"))
	if text == "" {
		setTotalCount(w, store.SearchResult{})
		return writeJSON(w, http.StatusOK, out)
	}
	res, err := a.store.Search(r.Context(), store.SearchQuery{Text: text, Limit: limit, Sort: q.Get("sort"), Count: true})
	if err != nil {
		return err
	}
	setTotalCount(w, res)
	for _, h := range res.Hits {
		de := store.DayEntry{Paper: h.Paper}
		if h.Entry != nil {
			de = *h.Entry
		}
		out = append(out, searchEntryJSON{
			entryJSON:          entryOf(de),
			HighlightedTitle:   highlight.HTML(h.Paper.Title, h.Terms, markOpen, markClose),
			HighlightedSummary: highlight.HTML(h.Paper.Abstract, h.Terms, markOpen, markClose),
		})
	}
	if err := a.markAllVerified(r.Context(), len(out), func(i int) *paperJSON { return &out[i].Paper }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// setTotalCount says how many papers matched in headers, as the body must
// stay Hugging Face's bare array: X-Total-Count is the count, and
// X-Total-Count-Is-Lower-Bound: true says the search stopped counting at
// its cap, so that more may match.
func setTotalCount(w http.ResponseWriter, res store.SearchResult) {
	w.Header().Set("X-Total-Count", strconv.Itoa(res.Total))
	if res.TotalIsLowerBound {
		w.Header().Set("X-Total-Count-Is-Lower-Bound", "true")
	}
}
