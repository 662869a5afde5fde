package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/site"
)

// welcomePage is where a new user picks a username.
type welcomePage struct {
	basePage
	Name, FullName, Next, Error string
}

func (s *Server) welcome(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if v == nil {
		http.Redirect(w, r, "/signin", http.StatusSeeOther)
		return nil
	}
	if v.Account != nil {
		http.Redirect(w, r, "/u/"+v.Account.Name, http.StatusSeeOther)
		return nil
	}
	p := welcomePage{basePage: s.base(r, "Pick a username — Daily Papers"), Next: community.SafeNext(r.FormValue("next"))}
	p.NoIndex = true
	if r.Method != http.MethodPost {
		return s.render(w, "welcome.html", &p)
	}
	if err := checkCSRF(r, v); err != nil {
		return err
	}
	p.Name, p.FullName = r.PostFormValue("name"), r.PostFormValue("fullname")
	sess, err := s.community.Session(r.Context(), v.secret)
	if err != nil {
		return err
	}
	if _, err := s.community.ChooseName(r.Context(), sess, p.Name, p.FullName); err != nil {
		msg, ok := publicMessage(err)
		if !ok {
			return err
		}
		p.Error = msg
		return s.renderStatus(w, site.Status(err), "welcome.html", &p)
	}
	http.Redirect(w, r, p.Next, http.StatusSeeOther)
	return nil
}
