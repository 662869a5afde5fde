package web

import (
	"errors"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// submitPage is /submit: the form that puts a paper on today's feed.
type submitPage struct {
	basePage
	PaperID string // as typed
	ID      string // canonical, once the form was sent
	OnDay   string // the feed day of a paper submitted already
	Day     string
	Error   string
	Rule    string // the rule that refused, when one did
	MaxAge  int    // the age rule, in days
	PerDay  int
	Pending int // the fetches from arXiv one person may have waiting
}

func (s *Server) submitForm(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := signedIn(r); err != nil {
		http.Redirect(w, r, "/signin?next=/submit", http.StatusSeeOther)
		return nil
	}
	p := s.submitBase(r)
	p.PaperID = r.URL.Query().Get("id")
	return s.render(w, "submit.html", &p)
}

func (s *Server) submitBase(r *http.Request) submitPage {
	rules := s.community.Rules()
	p := submitPage{basePage: s.base(r, "Submit a paper — Daily Papers"), MaxAge: int(rules.MaxAge.Hours() / 24), PerDay: rules.PerDay,
		Pending: community.PendingPerPerson}
	p.NoIndex = true
	return p
}

// submit puts the paper on the feed and shows it (a paper new here shows
// how its fetch from arXiv goes); a refusal is shown on the form with the
// rule that refused, and a paper submitted already links to its page.
func (s *Server) submit(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	p := s.submitBase(r)
	p.PaperID, p.Day = r.PostFormValue("paper_id"), r.PostFormValue("day")
	res, err := s.community.Submit(r.Context(), a, p.PaperID, p.Day)
	if err != nil {
		msg, ok := publicMessage(err)
		if !ok {
			return err
		}
		p.Error, p.Rule = msg, ruleOf(err)
		var re *community.RuleError
		if errors.As(err, &re) && re.Rule == "already-submitted" {
			p.ID, p.OnDay = res.PaperID, re.Day
		}
		site.SetRetryAfter(w.Header(), err)
		return s.renderStatus(w, site.Status(err), "submit.html", &p)
	}
	http.Redirect(w, r, "/papers/"+res.PaperID+"?submitted=1", http.StatusSeeOther)
	return nil
}
