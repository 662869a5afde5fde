package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/period"
)

// papers answers /papers: a search with ?q=, the date picker's
// ?date=YYYY-MM-DD (with view=week or view=month to open the week or month
// holding that day), ?week= or ?month=, and otherwise the latest day. The
// picker is a plain GET form, so it works without JavaScript.
func (s *Server) papers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if q.Has("q") {
		return s.search(w, r)
	}
	for _, kind := range periodKinds {
		arg := q.Get(kinds[kind].path) // date=, week=, month=
		if arg == "" {
			continue
		}
		p, err := period.Parse(kind, arg)
		if err != nil {
			return badRequest("%q is not a %s: write it as %s.", arg, kinds[kind].noun, kinds[kind].layout)
		}
		if kind == period.Day {
			p = period.Of(viewParam(q.Get("view")), p.Start)
		}
		http.Redirect(w, r, periodHref(p), http.StatusFound)
		return nil
	}
	return s.latest(w, r)
}

// viewParam is the kind of period the picker's view= asks for; a day
// unless it says week or month.
func viewParam(v string) period.Kind {
	for _, k := range periodKinds {
		if v == string(k) {
			return k
		}
	}
	return period.Day
}
