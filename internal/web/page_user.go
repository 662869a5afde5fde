package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/store"
)

// userPage is /u/{name}: the papers a person is a verified author of, and
// what they submitted and upvoted.
type userPage struct {
	basePage
	Account   store.Account
	Authored  []store.Claim
	Submitted []card
	Upvoted   []card
	Comments  []store.Comment
}

// profileLists is how many papers of each kind a profile lists.
const profileLists = 50

func (s *Server) user(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a, err := s.store.AccountByName(ctx, r.PathValue("name"))
	if err != nil {
		return err
	}
	if a.Name != r.PathValue("name") {
		http.Redirect(w, r, "/u/"+a.Name, http.StatusMovedPermanently)
		return nil
	}
	p := userPage{basePage: s.base(r, a.Name+" — Daily Papers"), Account: a}
	submitted, err := s.store.Entries(ctx, store.ListQuery{Submitter: a.Name, Limit: profileLists})
	if err != nil {
		return err
	}
	upvoted, err := s.store.UpvotedEntries(ctx, a.ID, profileLists)
	if err != nil {
		return err
	}
	if p.Authored, err = s.store.AuthoredPapers(ctx, a.ID, profileLists); err != nil {
		return err
	}
	if p.Comments, err = s.store.CommentsBy(ctx, a.ID, 20); err != nil {
		return err
	}
	p.Submitted, p.Upvoted = entryCards(submitted, true), entryCards(upvoted, true)
	if err := s.complete(r, p.Submitted, p.Upvoted); err != nil {
		return err
	}
	p.Math = cardsHaveTeX(p.Submitted) || cardsHaveTeX(p.Upvoted)
	return s.render(w, "user.html", &p)
}
