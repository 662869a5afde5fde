package web

import (
	"net/http"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// decideClaim approves or rejects an authorship claim from the moderation
// page: POST /moderation/claims/{claim}/{verb}.
func (s *Server) decideClaim(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	id, err := strconv.ParseInt(r.PathValue("claim"), 10, 64)
	if err != nil || id <= 0 {
		return paper.ErrNotFound
	}
	var approve bool
	switch r.PathValue("verb") {
	case "approve":
		approve = true
	case "reject":
	default:
		return paper.ErrNotFound
	}
	if _, err := s.community.DecideClaim(r.Context(), a, id, approve, r.PostFormValue("reason")); err != nil {
		return err
	}
	http.Redirect(w, r, "/moderation#claims", http.StatusSeeOther)
	return nil
}
