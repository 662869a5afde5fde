package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// sessionCookie holds a session's secret; the store keeps only its hash.
const sessionCookie = "dp_session"

// viewer is who is looking at a page: nobody (nil), a user who signed in
// but has no username yet (Account nil), or an account.
type viewer struct {
	Account *store.Account
	Email   string
	CSRF    string // the value forms send back
	secret  string
}

// Curates reports whether the viewer may moderate.
func (v *viewer) Curates() bool { return v != nil && v.Account != nil && v.Account.Curates() }

type viewerKey struct{}

// viewerOf returns the request's viewer, or nil for an anonymous reader.
func viewerOf(r *http.Request) *viewer {
	v, _ := r.Context().Value(viewerKey{}).(*viewer)
	return v
}

// withSession finds the session of the request's cookie. Pages for a
// signed-in viewer are private: shared caches must not keep them.
func (s *Server) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c, err := r.Cookie(sessionCookie)
		if err != nil || strings.HasPrefix(r.URL.Path, "/static/") || strings.HasPrefix(r.URL.Path, "/api/") {
			next.ServeHTTP(w, r)
			return
		}
		sess, err := s.community.Session(r.Context(), c.Value)
		if errors.Is(err, paper.ErrNotFound) {
			// A stale cookie is dropped so the pages can be cached again.
			s.clearSessionCookie(w, r)
			next.ServeHTTP(w, r)
			return
		}
		if err != nil {
			// Fail closed: a session that cannot be read is neither
			// dropped (the reader would be signed out by a database
			// hiccup) nor taken for an anonymous reader's.
			s.handle(func(http.ResponseWriter, *http.Request) error { return err }).ServeHTTP(w, r)
			return
		}
		w.Header().Set("Cache-Control", "private, no-cache")
		w.Header().Add("Vary", "Cookie")
		v := &viewer{Account: sess.Account, Email: sess.Email, CSRF: sess.CSRF, secret: c.Value}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viewerKey{}, v)))
	})
}

// setSessionCookie starts a browser's session: HttpOnly (no script reads
// it), SameSite=Lax (other sites' forms do not carry it), Secure whenever
// the site is served over https.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, secret string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: secret, Path: "/",
		MaxAge: int(community.SessionLifetime / time.Second), HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode,
	})
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: s.secureCookies(r), SameSite: http.SameSiteLaxMode})
}

func (s *Server) secureCookies(r *http.Request) bool {
	return strings.HasPrefix(s.opts.BaseURL, "https://") || site.Scheme(r) == "https"
}

// checkCSRF refuses a form that does not carry the session's token: with
// the cross-origin check in front (see Handler), a forged form fails twice.
func checkCSRF(r *http.Request, v *viewer) error {
	got := r.PostFormValue("csrf")
	if v == nil || subtle.ConstantTimeCompare([]byte(got), []byte(v.CSRF)) != 1 {
		return paper.Public(paper.ErrForbidden, "This form has expired or did not come from this site. Go back, reload the page and try again.")
	}
	return nil
}

// signedIn returns the viewer's account, or ErrUnauthenticated.
func signedIn(r *http.Request) (*viewer, store.Account, error) {
	v := viewerOf(r)
	if v == nil || v.Account == nil {
		return v, store.Account{}, paper.Public(paper.ErrUnauthenticated, "Sign in to do this.")
	}
	return v, *v.Account, nil
}

// formAction is a handler of a POSTed form from a signed-in viewer whose
// CSRF token checked out.
type formAction func(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error

// action checks the viewer and the form's token, then runs h. An anonymous
// reader is sent to sign in and brought back.
func (s *Server) action(h formAction) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		v, a, err := signedIn(r)
		if err != nil {
			if v == nil {
				http.Redirect(w, r, "/signin?next="+url.QueryEscape(backTo(r)), http.StatusSeeOther)
				return nil
			}
			if v.Account == nil {
				http.Redirect(w, r, "/welcome", http.StatusSeeOther)
				return nil
			}
		}
		if err := checkCSRF(r, v); err != nil {
			return err
		}
		return h(w, r, v, a)
	}
}

// backTo is where a form's user returns to: the page the form was on when
// the Referer says so (a same-site path), else the home page.
func backTo(r *http.Request) string {
	if next := r.PostFormValue("next"); next != "" {
		return community.SafeNext(next)
	}
	ref := r.Referer()
	if i := strings.Index(ref, "://"); i >= 0 {
		rest := ref[i+3:]
		if host, path, ok := strings.Cut(rest, "/"); ok && host == r.Host {
			return community.SafeNext("/" + path)
		}
	}
	return "/"
}

// wantsJSON reports whether a form was posted by the page's script, which
// updates the page in place from a JSON answer.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}
