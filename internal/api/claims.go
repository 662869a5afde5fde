package api

import (
	"context"
	"net/http"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// claimBody is POST /api/papers/{id}/claim's body: the author's name as
// the paper lists it and, to file a rejected claim again, a note.
type claimBody struct {
	Author string `json:"author"`
	Note   string `json:"note,omitempty"`
}

// claimJSON is an authorship claim.
type claimJSON struct {
	ID        string   `json:"id"`
	PaperID   string   `json:"paperId"`
	Author    string   `json:"author"`
	User      userJSON `json:"user"`
	Status    string   `json:"status"` // pending, approved, rejected or withdrawn
	Filings   int      `json:"filings"`
	Note      string   `json:"note,omitempty"`
	Reason    string   `json:"reason,omitempty"` // the curator's
	FiledAt   hfTime   `json:"filedAt"`
	DecidedAt hfTime   `json:"decidedAt,omitzero"`
}

func claimOf(c store.Claim) claimJSON {
	u := accountUser(c.Claimant)
	return claimJSON{
		ID: strconv.FormatInt(c.ID, 10), PaperID: c.PaperID, Author: c.Author, User: *userOf(&u),
		Status: c.Status, Filings: c.Filings, Note: c.Note, Reason: c.Reason,
		FiledAt: hfTime(c.Filed), DecidedAt: hfTime(c.Decided),
	}
}

// accountUser is an account as the API shows a user.
func accountUser(a store.Account) paper.User {
	return paper.User{Name: a.Name, FullName: a.FullName, AvatarURL: a.AvatarURL}
}

// claim serves POST /api/papers/{id}/claim, which files the token's
// account's claim to be one of the paper's authors (201, the claim), and
// DELETE, which withdraws it (200, the claim as withdrawn).
func (a *API) claim(w http.ResponseWriter, r *http.Request, acct store.Account, raw string) error {
	id, err := a.paperID(r.Context(), raw)
	if err != nil {
		return err
	}
	if r.Method == http.MethodDelete {
		c, err := a.opts.Community.WithdrawClaim(r.Context(), acct, id)
		if err != nil {
			return err
		}
		return writeJSON(w, http.StatusOK, claimOf(c))
	}
	var body claimBody
	if err := decodeBody(r, &body); err != nil {
		return err
	}
	if body.Author == "" {
		return invalid("author is required: the name as the paper lists it")
	}
	c, err := a.opts.Community.ClaimAuthor(r.Context(), acct, id, body.Author, body.Note)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, claimOf(c))
}

// verifiedAuthorStatus is Hugging Face's status of an author whose claim
// was verified.
const verifiedAuthorStatus = "claimed_verified"

// markAllVerified marks the verified authors of a page of papers, which
// papers(i) gives.
func (a *API) markAllVerified(ctx context.Context, n int, papers func(i int) *paperJSON) error {
	ids := make([]string, n)
	for i := range n {
		ids[i] = papers(i).ID
	}
	verified, err := a.store.VerifiedAuthorsOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range n {
		p := papers(i)
		markVerified(p, verified[p.ID])
	}
	return nil
}

// markVerified adds their accounts to the authors of out that have a
// verified author, as Hugging Face does (author.user and status).
func markVerified(out *paperJSON, verified []store.Claim) {
	if len(verified) == 0 {
		return
	}
	byKey := make(map[string]store.Claim, len(verified))
	for _, c := range verified {
		byKey[community.AuthorKey(c.Author)] = c
	}
	for i := range out.Authors {
		c, ok := byKey[community.AuthorKey(out.Authors[i].Name)]
		if !ok {
			continue
		}
		u := accountUser(c.Claimant)
		out.Authors[i].User = userOf(&u)
		out.Authors[i].Status = verifiedAuthorStatus
		out.Authors[i].StatusLastChangedAt = hfTime(c.Decided)
	}
}
