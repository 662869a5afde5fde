package web

import (
	"errors"
	"net/http"
	"net/url"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
)

// signinPage is /signin and what follows it: the address form, the "check
// your inbox" note, and the confirmation button a mailed link opens.
type signinPage struct {
	basePage
	Step  string // "ask", "sent", "confirm"
	Email string
	Next  string
	Token string
	Error string
}

func (s *Server) signinBase(r *http.Request, title string) signinPage {
	p := signinPage{basePage: s.base(r, title+" — Daily Papers"), Next: community.SafeNext(r.FormValue("next"))}
	p.NoIndex = true
	return p
}

// signin shows the form that asks for an address.
func (s *Server) signin(w http.ResponseWriter, r *http.Request) error {
	p := s.signinBase(r, "Sign in")
	p.Step = "ask"
	return s.render(w, "signin.html", &p)
}

// requestSignin has a sign-in link mailed (from the outbox, after the
// answer). The page says the same whether or not the address has an
// account.
func (s *Server) requestSignin(w http.ResponseWriter, r *http.Request) error {
	p := s.signinBase(r, "Check your inbox")
	p.Email = r.PostFormValue("email")
	err := s.community.RequestSignIn(r.Context(), p.Email, site.ClientIP(r), p.Next)
	if err != nil {
		code := site.Status(err)
		msg, ok := publicMessage(err)
		if !ok || code >= 500 {
			return err
		}
		site.SetRetryAfter(w.Header(), err)
		p.Title, p.Step, p.Error = "Sign in — Daily Papers", "ask", msg
		return s.renderStatus(w, code, "signin.html", &p)
	}
	p.Step = "sent"
	return s.render(w, "signin.html", &p)
}

// confirmSignin is the page a mailed link opens: a button, because mail
// scanners open links and must not sign anyone in.
// The page names the address it signs in (see community.SignInAddress).
func (s *Server) confirmSignin(w http.ResponseWriter, r *http.Request) error {
	p := s.signinBase(r, "Sign in")
	p.Step, p.Token = "confirm", r.URL.Query().Get("token")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the URL
	email, err := s.community.SignInAddress(r.Context(), p.Token)
	if err != nil {
		if msg, ok := publicMessage(err); ok && errors.Is(err, paper.ErrInvalid) {
			p.Step, p.Token, p.Error = "ask", "", msg
			return s.renderStatus(w, http.StatusBadRequest, "signin.html", &p)
		}
		return err
	}
	p.Email = email
	return s.render(w, "signin.html", &p)
}

// finishSignin spends the link and starts a fresh session.
func (s *Server) finishSignin(w http.ResponseWriter, r *http.Request) error {
	login, err := s.community.ConfirmSignIn(r.Context(), r.PostFormValue("token"), r.UserAgent())
	if err != nil {
		if msg, ok := publicMessage(err); ok && errors.Is(err, paper.ErrInvalid) {
			p := s.signinBase(r, "Sign in")
			p.Step, p.Error = "ask", msg
			return s.renderStatus(w, http.StatusBadRequest, "signin.html", &p)
		}
		return err
	}
	if v := viewerOf(r); v != nil {
		s.community.SignOut(r.Context(), v.secret) // the old session ends: a new one replaces it
	}
	s.setSessionCookie(w, r, login.Secret)
	next := login.Next
	if login.Session.Account == nil {
		next = "/welcome?next=" + url.QueryEscape(next)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// signout ends the session.
func (s *Server) signout(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if v != nil {
		if err := checkCSRF(r, v); err != nil {
			return err
		}
		if err := s.community.SignOut(r.Context(), v.secret); err != nil {
			return err
		}
	}
	s.clearSessionCookie(w, r)
	http.Redirect(w, r, "/", http.StatusSeeOther)
	return nil
}
