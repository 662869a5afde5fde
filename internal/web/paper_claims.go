package web

import (
	"errors"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// pageAuthor is a listed author as the paper page shows it.
type pageAuthor struct {
	paper.Author
	Verified *store.Account // the verified author of the name; nil: none
}

// claimsOf loads the paper's verified authors and the viewer's own claim
// into the page, and what the viewer may claim.
func (s *Server) claimsOf(r *http.Request, pp *paperPage) error {
	ctx := r.Context()
	verified, err := s.store.VerifiedAuthors(ctx, pp.Paper.ID)
	if err != nil {
		return err
	}
	byKey := make(map[string]*store.Account, len(verified))
	pp.verifiedIDs = make(map[int64]bool, len(verified))
	for i := range verified {
		byKey[community.AuthorKey(verified[i].Author)] = &verified[i].Claimant
		pp.verifiedIDs[verified[i].Claimant.ID] = true
	}
	pp.Authors = make([]pageAuthor, len(pp.Paper.Authors))
	for i, au := range pp.Paper.Authors {
		pp.Authors[i] = pageAuthor{Author: au, Verified: byKey[community.AuthorKey(au.Name)]}
	}
	v := viewerOf(r)
	if v == nil || v.Account == nil {
		return nil
	}
	switch c, err := s.store.ClaimOf(ctx, pp.Paper.ID, v.Account.ID); {
	case err == nil:
		pp.MyClaim = &c
	case !errors.Is(err, paper.ErrNotFound):
		return err
	}
	c := pp.MyClaim
	pp.CanClaim = c == nil || (c.Status == store.ClaimWithdrawn && c.Refilable())
	pp.CanRefile = c != nil && c.Status == store.ClaimRejected && c.Refilable()
	return nil
}

// claimAuthor files the viewer's claim to be one of the paper's authors.
func (s *Server) claimAuthor(w http.ResponseWriter, r *http.Request, a store.Account, id string) error {
	_, err := s.community.ClaimAuthor(r.Context(), a, id, r.PostFormValue("author"), r.PostFormValue("note"))
	if err != nil {
		return s.claimRefused(w, r, id, err)
	}
	http.Redirect(w, r, paperURL(id, "claim"), http.StatusSeeOther)
	return nil
}

// withdrawClaim withdraws the viewer's claim on the paper.
func (s *Server) withdrawClaim(w http.ResponseWriter, r *http.Request, a store.Account, id string) error {
	if _, err := s.community.WithdrawClaim(r.Context(), a, id); err != nil {
		return err
	}
	http.Redirect(w, r, paperURL(id, "claim"), http.StatusSeeOther)
	return nil
}

// claimRefused shows the paper page again with the reason a claim was
// refused, keeping the note.
func (s *Server) claimRefused(w http.ResponseWriter, r *http.Request, id string, err error) error {
	msg, ok := publicMessage(err)
	if !ok || errors.Is(err, paper.ErrNotFound) || errors.Is(err, paper.ErrForbidden) {
		return err
	}
	site.SetRetryAfter(w.Header(), err)
	return s.renderPaper(w, r, id, site.Status(err), formState{ClaimError: msg, Note: r.PostFormValue("note")})
}
