package web

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// settingsPage is /settings: the profile, API tokens and sessions.
type settingsPage struct {
	basePage
	Account  store.Account
	Tokens   []store.APIToken
	NewToken string // shown once, right after it is made
	Notice   string
	Error    string
	// Subscription is the digest subscription of the account's address;
	// nil: none.
	Subscription *store.Subscriber
}

func (s *Server) settings(w http.ResponseWriter, r *http.Request) error {
	_, a, err := signedIn(r)
	if err != nil {
		http.Redirect(w, r, "/signin?next=/settings", http.StatusSeeOther)
		return nil
	}
	return s.renderSettings(w, r, a, settingsPage{Notice: settingsNotices[r.URL.Query().Get("done")]})
}

// settingsNotices are the confirmations /settings?done=… shows after a
// form that redirects there (so that a reload does not post it again); a
// table, so that no address can make the page say anything else.
var settingsNotices = map[string]string{
	"digest": "You are subscribed to the digest.",
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, a store.Account, p settingsPage) error {
	p.basePage = s.base(r, "Settings — Daily Papers")
	p.NoIndex = true
	p.Account = a
	tokens, err := s.store.APITokens(r.Context(), a.ID)
	if err != nil {
		return err
	}
	p.Tokens = tokens
	switch sub, err := s.store.SubscriberByEmail(r.Context(), a.Email); {
	case err == nil:
		p.Subscription = &sub
	case !errors.Is(err, paper.ErrNotFound):
		return err
	}
	code := http.StatusOK
	if p.Error != "" {
		code = http.StatusBadRequest
	}
	return s.renderStatus(w, code, "settings.html", &p)
}

// saveProfile changes the full name.
func (s *Server) saveProfile(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	if err := s.community.SetFullName(r.Context(), a, r.PostFormValue("fullname")); err != nil {
		if msg, ok := publicMessage(err); ok {
			return s.renderSettings(w, r, a, settingsPage{Error: msg})
		}
		return err
	}
	http.Redirect(w, r, "/settings", http.StatusSeeOther)
	return nil
}

// createToken makes an API token and shows it, once.
func (s *Server) createToken(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	token, err := s.community.CreateToken(r.Context(), a, r.PostFormValue("name"))
	if err != nil {
		if msg, ok := publicMessage(err); ok {
			return s.renderSettings(w, r, a, settingsPage{Error: msg})
		}
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.renderSettings(w, r, a, settingsPage{NewToken: token})
}

// revokeToken revokes one of the viewer's tokens.
func (s *Server) revokeToken(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	id, err := strconv.ParseInt(r.PathValue("token"), 10, 64)
	if err != nil {
		return paper.ErrNotFound
	}
	if err := s.community.RevokeToken(r.Context(), a, id); err != nil {
		return err
	}
	return s.renderSettings(w, r, a, settingsPage{Notice: "The token was revoked: scripts using it are refused from now on."})
}

// signoutEverywhere ends every session of the account, this one included.
func (s *Server) signoutEverywhere(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	if err := s.community.SignOutEverywhere(r.Context(), a); err != nil {
		return err
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}

// subscribeAccount subscribes the signed-in viewer's address to the
// digest, at once (their sign-in proved the address), and sends them back
// to /settings to be told so.
func (s *Server) subscribeAccount(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	freq := r.PostFormValue("frequency")
	if freq == "" {
		freq = digest.Daily
	}
	if _, err := s.digest.SubscribeAccount(r.Context(), a, freq, site.ClientIP(r)); err != nil {
		return err
	}
	http.Redirect(w, r, "/settings?done=digest#digest", http.StatusSeeOther)
	return nil
}
