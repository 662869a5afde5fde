package api

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/store"
)

// saveBody is the optional body of POST /api/papers/{id}/save.
type saveBody struct {
	// Note, when given, replaces the note of the saved paper ("" clears it).
	Note *string `json:"note"`
}

// saveJSON answers a save.
type saveJSON struct {
	Saved bool `json:"saved"`
}

// save serves POST (save, with an optional note) and DELETE
// /api/papers/{id}/save: any stored paper, on the feed or not. DELETE
// answers 204, whether or not the paper was saved.
func (a *API) save(w http.ResponseWriter, r *http.Request, acct store.Account, raw string, save bool) error {
	id, err := a.paperID(r.Context(), raw)
	if err != nil {
		return err
	}
	var body saveBody
	if save && r.ContentLength != 0 {
		if err := decodeBody(r, &body); err != nil {
			return err
		}
	}
	if body.Note != nil {
		err = a.opts.Community.SaveWithNote(r.Context(), acct, id, *body.Note)
	} else {
		err = a.opts.Community.Save(r.Context(), acct, id, save)
	}
	if err != nil {
		return err
	}
	if !save {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return writeJSON(w, http.StatusOK, saveJSON{Saved: true})
}

// dismiss serves POST (not interested) and DELETE (undo)
// /api/papers/{id}/dismiss; DELETE answers 204.
func (a *API) dismiss(w http.ResponseWriter, r *http.Request, acct store.Account, raw string, dismiss bool) error {
	id, err := a.paperID(r.Context(), raw)
	if err != nil {
		return err
	}
	if err := a.opts.Community.Dismiss(r.Context(), acct, id, dismiss); err != nil {
		return err
	}
	if !dismiss {
		w.WriteHeader(http.StatusNoContent)
		return nil
	}
	return writeJSON(w, http.StatusOK, struct {
		Dismissed bool `json:"dismissed"`
	}{true})
}
