package web

import (
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// adminPage is /admin/digest: the runs with their counts and failures,
// and the subscribers, searchable.
type adminPage struct {
	basePage
	Runs        []store.Run
	Failures    []store.DeliveryRow // of the latest run
	Subscribers []store.Subscriber
	Total       int
	Search      string
	Notice      string
}

// adminOnly returns the viewer when an admin.
func adminOnly(r *http.Request) (*viewer, error) {
	v := viewerOf(r)
	if v == nil || v.Account == nil {
		return nil, paper.Public(paper.ErrUnauthenticated, "Sign in as an admin to see this page.")
	}
	if v.Account.Role != store.RoleAdmin {
		return nil, paper.Public(paper.ErrForbidden, "This page is for admins.")
	}
	return v, nil
}

// admin lets only admins through to the page h: a signed-out visitor is
// sent to sign in and brought back, as from the account pages, and anyone
// else is told the page is for admins.
func (s *Server) admin(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if v := viewerOf(r); v == nil {
			next := community.SafeNext(r.URL.RequestURI())
			http.Redirect(w, r, "/signin?next="+url.QueryEscape(next), http.StatusSeeOther)
			return nil
		} else if v.Account == nil {
			http.Redirect(w, r, "/welcome", http.StatusSeeOther)
			return nil
		}
		if _, err := adminOnly(r); err != nil {
			return err
		}
		return h(w, r)
	}
}

// adminDigest is /admin/digest (behind admin).
func (s *Server) adminDigest(w http.ResponseWriter, r *http.Request) error {
	return s.renderAdmin(w, r, "")
}

func (s *Server) renderAdmin(w http.ResponseWriter, r *http.Request, notice string) error {
	ctx := r.Context()
	p := adminPage{basePage: s.base(r, "Digest — Daily Papers"), Search: r.FormValue("q"), Notice: notice}
	p.NoIndex = true
	var err error
	if p.Runs, err = s.store.Runs(ctx, 20); err != nil {
		return err
	}
	if len(p.Runs) > 0 {
		for _, state := range []string{store.DeliveryFailed, store.DeliveryUnknown} {
			rows, err := s.store.DeliveriesOf(ctx, p.Runs[0].ID, state)
			if err != nil {
				return err
			}
			p.Failures = append(p.Failures, rows...)
		}
	}
	if p.Subscribers, p.Total, err = s.store.Subscribers(ctx, store.SubscriberQuery{Search: p.Search, Limit: 100}); err != nil {
		return err
	}
	return s.render(w, "admin.html", &p)
}

// adminSuppress suppresses (or with "undo" lets mail go to again) an
// address, and logs it.
func (s *Server) adminSuppress(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	if _, err := adminOnly(r); err != nil {
		return err
	}
	email, err := usertext.Email(r.PostFormValue("email"))
	if err != nil {
		return badRequest("%s", err.Error())
	}
	action := "subscriber.suppress"
	if r.PostFormValue("undo") != "" {
		action = "subscriber.unsuppress"
		err = s.store.Unsuppress(r.Context(), email)
	} else {
		err = s.store.Suppress(r.Context(), email, "manual", "by "+a.Name)
	}
	if err != nil {
		return err
	}
	if err := s.store.Audit(r.Context(), a.ID, action, email, ""); err != nil {
		return err
	}
	return s.renderAdmin(w, r, "Done: "+email)
}

// adminExport is /admin/subscribers.csv (behind admin): every subscriber,
// for the admin's records or another tool.
func (s *Server) adminExport(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="subscribers.csv"`)
	w.Header().Set("Cache-Control", "no-store")
	cw := csv.NewWriter(w)
	cw.Write([]string{"email", "status", "frequency", "categories", "keywords", "consent_at", "consent_ip", "created_at", "suppressed"})
	err := s.store.EachSubscriber(r.Context(), func(sub store.Subscriber) error {
		return cw.Write([]string{csvSafe(sub.Email), sub.Status, sub.Frequency, csvSafe(strings.Join(sub.Categories, ", ")), csvSafe(strings.Join(sub.Keywords, ", ")),
			timeOrEmpty(sub.ConsentAt), sub.ConsentIP, timeOrEmpty(sub.CreatedAt), sub.Suppressed})
	})
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
}

// csvSafe keeps a spreadsheet from reading a value as a formula.
func csvSafe(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@') {
		return "'" + s
	}
	return s
}

func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
