package api

import (
	"errors"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/highlight"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/store"
)

// forYouEntryJSON is a For you pick: a /api/papers/search entry with why
// it was picked.
type forYouEntryJSON struct {
	searchEntryJSON
	Reason string     `json:"reason"`
	Like   likeJSON   `json:"like"`
	Score  float64    `json:"score"`
	Why    foryou.Why `json:"why"` // saved or upvoted
}

type likeJSON struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// forYouJSON is the answer: the picks, and whether the reader has given
// enough signals for any.
type forYouJSON struct {
	Period       string            `json:"period"`
	Enough       bool              `json:"enoughSignals"`
	Positives    int               `json:"positives"`
	MinPositives int               `json:"minPositives"`
	Message      string            `json:"message,omitempty"`
	Papers       []forYouEntryJSON `json:"papers"`
}

// forYou serves GET /api/papers/for-you?date=|week=|month=&limit=: the
// reader's For you picks among the stored papers first published in the
// period (default: this week in the site's zone). It is personal: an API
// token or the site's session cookie, 401 otherwise; never cached by
// shared caches. The API's CORS answer is "*" without credentials, so
// another site's page cannot read it with a visitor's cookie.
func (a *API) forYou(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Add("Vary", "Authorization, Cookie")
	q := r.URL.Query()
	limit, err := intParam(q, "limit", 20, 1, 100)
	if err != nil {
		return err
	}
	p, err := periodParam(q, a.opts.Now(), a.opts.Location)
	if err != nil {
		return err
	}
	acct, err := a.reader(r)
	if err != nil {
		return err
	}
	per := period.Of(period.Week, period.Today(a.opts.Now(), a.opts.Location).Start)
	if p != nil {
		per = *p
	}
	l, err := a.forYouSvc.ForYou(r.Context(), acct.ID, per, limit)
	if err != nil {
		return err
	}
	out := forYouJSON{Period: per.String(), Enough: l.Enough, Positives: l.Positives, MinPositives: foryou.MinPositives, Papers: []forYouEntryJSON{}}
	if !l.Enough {
		out.Message = "not enough signals: save or upvote at least 3 papers"
		return writeJSON(w, http.StatusOK, out)
	}
	shown, err := a.forYouSvc.Show(r.Context(), l.Picks)
	if err != nil {
		return err
	}
	for _, sh := range shown {
		e := sh.Entry
		out.Papers = append(out.Papers, forYouEntryJSON{
			searchEntryJSON: searchEntryJSON{entryJSON: entryOf(e),
				HighlightedTitle:   highlight.HTML(e.Paper.Title, nil, markOpen, markClose),
				HighlightedSummary: highlight.HTML(e.Paper.Abstract, nil, markOpen, markClose)},
			Reason: sh.Reason, Like: likeJSON{ID: sh.Like, Title: sh.LikeTitle}, Score: sh.Score, Why: sh.Why,
		})
	}
	if err := a.markAllVerified(r.Context(), len(out.Papers), func(i int) *paperJSON { return &out.Papers[i].Paper }); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, out)
}

// reader is the account of a personal read: an API token, or else the
// site's session cookie (a GET changes nothing, so a cookie is safe here;
// writes take tokens only, see authed).
func (a *API) reader(r *http.Request) (store.Account, error) {
	if a.opts.Community == nil {
		return store.Account{}, notFound("Not found")
	}
	if r.Header.Get("Authorization") != "" {
		return a.tokenAccount(r)
	}
	if a.opts.SessionCookie != "" {
		if c, err := r.Cookie(a.opts.SessionCookie); err == nil {
			sess, err := a.opts.Community.Session(r.Context(), c.Value)
			if err == nil && sess.Account != nil {
				return *sess.Account, nil
			}
			if err != nil && !errors.Is(err, paper.ErrNotFound) {
				return store.Account{}, err
			}
		}
	}
	return store.Account{}, paper.Public(paper.ErrUnauthenticated, "sign in, or send an API token: Authorization: Bearer <token>")
}
