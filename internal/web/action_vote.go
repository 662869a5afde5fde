package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/store"
)

// vote serves the upvote button: "up" is 1 to upvote, 0 to take it back.
// Without JavaScript the browser comes back to the page it was on; the
// page's script asks for JSON and updates the button in place.
func (s *Server) vote(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account, paperID string) error {
	up := r.PostFormValue("up") != "0"
	n, err := s.community.Vote(r.Context(), a, paperID, up)
	if err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, struct {
			Upvotes int  `json:"upvotes"`
			Upvoted bool `json:"upvoted"`
		}{n, up})
	}
	http.Redirect(w, r, backTo(r)+"#vote-"+anchorID(paperID), http.StatusSeeOther)
	return nil
}
