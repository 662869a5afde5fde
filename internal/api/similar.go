package api

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/highlight"
)

// similar serves GET /api/papers/{id}/similar?limit=: the stored papers most
// like the paper (store.Similar), best first, as /api/papers/search gives
// its results; nothing is highlighted.
func (a *API) similar(w http.ResponseWriter, r *http.Request, rawID string) error {
	limit, err := intParam(r.URL.Query(), "limit", 6, 1, 50)
	if err != nil {
		return err
	}
	de, err := a.lookup(r.Context(), rawID)
	if err != nil {
		return err
	}
	sim, err := a.store.Similar(r.Context(), de.Paper.ID, limit)
	if err != nil {
		return err
	}
	out := make([]searchEntryJSON, len(sim))
	for i, e := range sim {
		out[i] = searchEntryJSON{
			entryJSON:          entryOf(e),
			HighlightedTitle:   highlight.HTML(e.Paper.Title, nil, markOpen, markClose),
			HighlightedSummary: highlight.HTML(e.Paper.Abstract, nil, markOpen, markClose),
		}
	}
	if err := a.markAllVerified(r.Context(), len(out), func(i int) *paperJSON { return &out[i].Paper }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}
