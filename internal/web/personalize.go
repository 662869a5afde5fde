package web

import (
	"net/http"
)

// personalize marks the cards the viewer upvoted and saved, and gives
// their upvote and save buttons the viewer's form token. Pages for anonymous readers are the
// same for everyone (and cached); this runs only for a signed-in viewer.
func (s *Server) personalize(r *http.Request, lists ...[]card) error {
	v := viewerOf(r)
	if v == nil || v.Account == nil {
		return nil
	}
	var ids, onFeed []string
	for _, cs := range lists {
		for _, c := range cs {
			ids = append(ids, c.Paper.ID)
			if c.Entry != nil {
				onFeed = append(onFeed, c.Paper.ID)
			}
		}
	}
	up, err := s.store.Upvoted(r.Context(), v.Account.ID, onFeed)
	if err != nil {
		return err
	}
	saved, err := s.store.Saved(r.Context(), v.Account.ID, ids)
	if err != nil {
		return err
	}
	for _, cs := range lists {
		for i := range cs {
			cs[i].Me = v
			cs[i].Upvoted = up[cs[i].Paper.ID]
			cs[i].Saved = saved[cs[i].Paper.ID]
		}
	}
	return nil
}
