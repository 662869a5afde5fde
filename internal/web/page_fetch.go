package web

import (
	"context"
	"errors"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// fetchState is a submission waiting for arXiv, as a paper's page shows it
// (templates/_fetch.html).
type fetchState struct {
	ID       string
	Fetch    store.Fetch
	By       string // the submitter's name
	CanRetry bool
	CSRF     string
	Refresh  int // seconds until a fetching page reloads
}

// fetchRefresh is how often a page waiting for arXiv reloads: arXiv is
// asked at most every 3 seconds.
const fetchRefresh = 4

// fetchStateOf is the state of the paper's submission that is not (yet) on
// the feed; nil when there is none to show.
func (s *Server) fetchStateOf(ctx context.Context, r *http.Request, id string) (*fetchState, error) {
	f, err := s.store.PaperFetch(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		return nil, nil
	}
	if err != nil || f.State == store.FetchDone {
		return nil, err
	}
	by, err := s.store.AccountByID(ctx, f.Submitter)
	if err != nil {
		return nil, err
	}
	st := &fetchState{ID: id, Fetch: f, By: by.Name, Refresh: fetchRefresh}
	if v := viewerOf(r); v != nil && v.Account != nil {
		st.CanRetry, st.CSRF = s.community.MayRetry(*v.Account, f), v.CSRF
	}
	return st, nil
}

// pendingPage is /papers/{id} for a paper the site does not have: being
// fetched, failed, or unknown, with a link to arXiv and an offer to fetch
// it.
type pendingPage struct {
	basePage
	ID      string
	State   *fetchState // nil: nobody submitted it
	Refusal string      // why the viewer may not submit it, by its id
	Fetches bool        // the site fetches papers from arXiv
}

// renderPending shows the page of a paper the store lacks: 404 unless a
// submission of it is under way or failed.
func (s *Server) renderPending(w http.ResponseWriter, r *http.Request, id string) error {
	st, err := s.fetchStateOf(r.Context(), r, id)
	if err != nil {
		return err
	}
	p := pendingPage{basePage: s.base(r, "arXiv:"+id+" — Daily Papers"), ID: id, State: st, Fetches: s.community.Fetches()}
	p.NoIndex = true
	var a store.Account
	if v := viewerOf(r); v != nil && v.Account != nil {
		a = *v.Account
	}
	if err := s.community.CheckNew(a, id); err != nil {
		p.Refusal = err.Error()
	}
	code := http.StatusOK
	if st == nil {
		code = http.StatusNotFound
	}
	return s.renderStatus(w, code, "pending.html", &p)
}

// retryFetch fetches a paper whose submission failed once more.
func (s *Server) retryFetch(w http.ResponseWriter, r *http.Request, a store.Account, id string) error {
	if err := s.community.RetryFetch(r.Context(), a, id); err != nil {
		return err
	}
	http.Redirect(w, r, paperURL(id, ""), http.StatusSeeOther)
	return nil
}
