package web_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"

	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestAuthFailsClosed: when the database cannot be read, a request with an
// API token or a session cookie is refused with 503. It is
// never served as an empty or anonymous account's (a token lookup that
// failed was once taken as success), and the session cookie is kept.
func TestAuthFailsClosed(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.Rules{MaxAge: 14 * 24 * time.Hour, PerDay: 5}, generous)
		_, token := cs.account(t, "scripter", "user")
		b := cs.browser(t)
		b.signIn("reader@example.org", "reader")
		if r := b.get("/settings"); r.Code != http.StatusOK {
			t.Fatalf("GET /settings signed in = %d", r.Code)
		}
		if err := cs.store.Close(); err != nil {
			t.Fatal(err)
		}

		// A submission without a paper id is refused as invalid only
		// after the token is accepted, without reading the database: a
		// 400 here means the request got past the token.
		code, body, h := cs.api(t, "POST", "/api/papers/submit", token, map[string]string{})
		if code != http.StatusServiceUnavailable || h.Get("Retry-After") == "" {
			t.Errorf("token request with the database closed = %d %v, Retry-After %q; want it refused with 503", code, body, h.Get("Retry-After"))
		}

		r := b.get("/settings")
		if r.Code != http.StatusServiceUnavailable {
			t.Errorf("GET /settings with the database closed = %d (Location %q), want 503", r.Code, r.Header.Get("Location"))
		}
		for _, c := range r.Header.Values("Set-Cookie") {
			if strings.HasPrefix(c, "dp_session=") {
				t.Errorf("the session cookie was changed while the database was away: %s", c)
			}
		}
	})
}
