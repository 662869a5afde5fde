package web

import (
	"encoding/json"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/store"
)

// save serves the save button: "save" is 1 to save, 0 to take the paper
// off the reading list. Like the upvote button it works without
// JavaScript, and answers the page's script in JSON.
func (s *Server) save(w http.ResponseWriter, r *http.Request, a store.Account, paperID string) error {
	save := r.PostFormValue("save") != "0"
	if err := s.community.Save(r.Context(), a, paperID, save); err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, struct {
			Saved bool `json:"saved"`
		}{save})
	}
	http.Redirect(w, r, backTo(r)+"#save-"+anchorID(paperID), http.StatusSeeOther)
	return nil
}

// setNote sets the note of a saved paper, from the reading list.
func (s *Server) setNote(w http.ResponseWriter, r *http.Request, a store.Account, paperID string) error {
	if err := s.community.SetNote(r.Context(), a, paperID, r.PostFormValue("note")); err != nil {
		return err
	}
	http.Redirect(w, r, backTo(r)+"#saved-"+anchorID(paperID), http.StatusSeeOther)
	return nil
}

// dismiss serves "Not interested": "dismiss" is 1 to dismiss the paper,
// 0 to take that back.
func (s *Server) dismiss(w http.ResponseWriter, r *http.Request, a store.Account, paperID string) error {
	dismiss := r.PostFormValue("dismiss") != "0"
	if err := s.community.Dismiss(r.Context(), a, paperID, dismiss); err != nil {
		return err
	}
	if wantsJSON(r) {
		return writeJSON(w, struct {
			Dismissed bool `json:"dismissed"`
		}{dismiss})
	}
	http.Redirect(w, r, backTo(r), http.StatusSeeOther)
	return nil
}

// writeJSON answers a form posted by the page's script.
func writeJSON(w http.ResponseWriter, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	return json.NewEncoder(w).Encode(v)
}
