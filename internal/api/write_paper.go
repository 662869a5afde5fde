package api

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/store"
)

// submitBody is POST /api/papers/submit's body.
type submitBody struct {
	PaperID string `json:"paper_id"`
	// Day is the feed day, for curators; others always submit to today.
	Day string `json:"day,omitempty"`
}

// fetchJSON answers a submission whose paper is still being fetched from
// arXiv: 202, and the paper's page (and GET /api/papers/{id} once it is
// there) tells how it went.
type fetchJSON struct {
	PaperID string `json:"paper_id"`
	Day     string `json:"day"`
	State   string `json:"state"` // "fetching"
	URL     string `json:"url"`   // the paper's page, which shows the state
}

// submit serves POST /api/papers/submit: it puts a paper (any id or URL
// form) on today's feed and answers with its daily entry; a paper new here
// that arXiv does not send within a moment is answered 202, being fetched.
func (a *API) submit(w http.ResponseWriter, r *http.Request, acct store.Account) error {
	var body submitBody
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	if body.PaperID == "" {
		return invalid("paper_id is required")
	}
	res, err := a.opts.Community.Submit(r.Context(), acct, body.PaperID, body.Day)
	if err != nil {
		return err
	}
	if res.Pending {
		return writeJSON(w, http.StatusAccepted, fetchJSON{PaperID: res.PaperID, Day: res.Day, State: store.FetchFetching,
			URL: "/papers/" + res.PaperID})
	}
	de, err := a.store.Entry(r.Context(), res.PaperID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, entryOf(de))
}

// voteJSON answers an upvote or its removal.
type voteJSON struct {
	Upvotes int  `json:"upvotes"`
	Upvoted bool `json:"upvoted"`
}

// vote serves POST (up) and DELETE /api/papers/{id}/upvote.
func (a *API) vote(w http.ResponseWriter, r *http.Request, acct store.Account, raw string, up bool) error {
	id, err := a.paperID(r.Context(), raw)
	if err != nil {
		return err
	}
	n, err := a.opts.Community.Vote(r.Context(), acct, id, up)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, voteJSON{Upvotes: n, Upvoted: up})
}

// commentBody is the body of a new comment or reply.
type commentBody struct {
	Comment string `json:"comment"`
}

// comment serves POST /api/papers/{id}/comment and, with a parent,
// .../comment/{commentId}/reply; it answers with the new comment.
func (a *API) comment(w http.ResponseWriter, r *http.Request, acct store.Account, raw string, parent int64) error {
	id, err := a.paperID(r.Context(), raw)
	if err != nil {
		return err
	}
	var body commentBody
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	cid, err := a.opts.Community.Comment(r.Context(), acct, id, parent, body.Comment)
	if err != nil {
		return err
	}
	c, err := a.store.Comment(r.Context(), cid)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, commentOf(c))
}
