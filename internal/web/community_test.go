package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSignIn: the whole sign-in over a real SMTP server, on both
// databases: the mailed link opens a page whose button signs in, a new user
// picks a name, the session cookie is HttpOnly and Lax, links work once and
// for 15 minutes, and nothing tells whether an address has an account.
func TestSignIn(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		if r := b.get("/signin"); r.Code != 200 || !strings.Contains(r.Body, `type="email"`) {
			t.Fatalf("GET /signin = %d", r.Code)
		}
		// A first sign-in makes the account.
		acct := b.signIn("Ada@Example.org", "ada")
		if acct.Name != "ada" || acct.Email != "ada@example.org" || acct.Role != store.RoleUser {
			t.Errorf("account = %+v", acct)
		}
		home := b.get("/")
		if !strings.Contains(home.Body, `href="/u/ada"`) || !strings.Contains(home.Body, "Sign out") {
			t.Errorf("home page does not show the signed-in user")
		}
		if cc := home.Header.Get("Cache-Control"); cc != "private, no-cache" {
			t.Errorf("signed-in page Cache-Control = %q", cc)
		}
		var cookie *http.Cookie
		for _, c := range b.http.Jar.Cookies(mustURL(t, cs.url)) {
			if c.Name == "dp_session" {
				cookie = c
			}
		}
		if cookie == nil {
			t.Fatal("no session cookie")
		}

		// The mail: one text part with the link, from the configured sender.
		msgs := cs.smtp.Messages()
		if len(msgs) != 1 || !strings.EqualFold(msgs[0].To[0], "ada@example.org") {
			t.Fatalf("%d mails, first to %v", len(msgs), msgs[0].To)
		}
		link := mailtest.LinkIn(t, msgs[0], cs.url+"/signin/confirm?token=")
		token := mustQuery(t, link, "token")
		if len(token) != 43 { // 256 bits, base64url
			t.Errorf("token %q: want 43 characters", token)
		}
		// Used once already: refused, and explained.
		other := cs.browser(t)
		if r := other.post("/signin/confirm", url.Values{"token": {token}}); r.Code != 400 || !strings.Contains(r.Body, "already used") {
			t.Errorf("reused link = %d: %.200s", r.Code, r.Body)
		}
		if r := other.post("/signin/confirm", url.Values{"token": {"forged"}}); r.Code != 400 || !strings.Contains(r.Body, "not valid") {
			t.Errorf("forged link = %d", r.Code)
		}

		// Expired after 15 minutes.
		other.post("/signin", url.Values{"email": {"late@example.org"}})
		late := cs.waitMail(t, 2, 10*time.Second)[1]
		cs.clock.Advance(16 * time.Minute)
		lateToken := mustQuery(t, mailtest.LinkIn(t, late, cs.url+"/signin/confirm?token="), "token")
		if r := other.post("/signin/confirm", url.Values{"token": {lateToken}}); r.Code != 400 || !strings.Contains(r.Body, "expired") {
			t.Errorf("expired link = %d: %.200s", r.Code, r.Body)
		}

		// Known and unknown addresses get the same answer.
		known := other.post("/signin", url.Values{"email": {"ada@example.org"}})
		unknown := other.post("/signin", url.Values{"email": {"bob@example.org"}})
		if known.Code != unknown.Code || strings.ReplaceAll(known.Body, "ada@", "bob@") != unknown.Body {
			t.Errorf("answers differ for a known and an unknown address")
		}

		// Signing in again rotates the session: a new cookie value.
		b.signIn("ada@example.org", "")
		for _, c := range b.http.Jar.Cookies(mustURL(t, cs.url)) {
			if c.Name == "dp_session" && c.Value == cookie.Value {
				t.Error("the session cookie was not rotated at sign-in")
			}
		}
		// The old session is gone.
		stale := cs.browser(t)
		stale.http.Jar.SetCookies(mustURL(t, cs.url), []*http.Cookie{cookie})
		if r := stale.get("/settings"); r.Code != http.StatusSeeOther {
			t.Errorf("old session still signed in: /settings = %d", r.Code)
		}
	})
}

// TestSessionCookie: the cookie's attributes, behind https.
func TestSessionCookie(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	b.post("/signin", url.Values{"email": {"ada@example.org"}})
	link := mailtest.LinkIn(t, cs.waitMail(t, 1, 10*time.Second)[0], cs.url+"/signin/confirm?token=")
	// From a trusted proxy that took the request over https.
	req, _ := http.NewRequest("POST", cs.serve(t, []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")})+"/signin/confirm",
		strings.NewReader(url.Values{"token": {mustQuery(t, link, "token")}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-Proto", "https")
	resp, err := b.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	set := resp.Header.Get("Set-Cookie")
	for _, want := range []string{"dp_session=", "HttpOnly", "SameSite=Lax", "Secure", "Path=/", "Max-Age="} {
		if !strings.Contains(set, want) {
			t.Errorf("Set-Cookie %q lacks %s", set, want)
		}
	}
}

// TestSignOut: signing out ends the session; signing out everywhere ends
// every session of the account.
func TestSignOut(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	laptop, phone := cs.browser(t), cs.browser(t)
	laptop.signIn("ada@example.org", "ada")
	phone.signIn("ada@example.org", "")
	if r := phone.post("/signout", url.Values{"csrf": {phone.csrf()}}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out = %d", r.Code)
	}
	if r := phone.get("/settings"); r.Code != http.StatusSeeOther {
		t.Errorf("after sign-out /settings = %d, want a redirect to sign in", r.Code)
	}
	phone.signIn("ada@example.org", "")
	if r := laptop.post("/settings/signout-everywhere", url.Values{"csrf": {laptop.csrf()}}); r.Code != http.StatusSeeOther {
		t.Fatalf("sign out everywhere = %d", r.Code)
	}
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		if r := b.get("/settings"); r.Code != http.StatusSeeOther {
			t.Errorf("%s still signed in after signing out everywhere", name)
		}
	}
}

// TestCrossSite: a form posted from another site is refused, by the
// Fetch Metadata / Origin check and by the form token.
func TestCrossSite(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	b.signIn("ada@example.org", "ada")
	csrf := b.csrf()
	form := url.Values{"csrf": {csrf}, "name": {"stolen"}}
	for _, c := range []struct {
		name    string
		headers []string
	}{
		{"cross-site fetch metadata", []string{"Sec-Fetch-Site", "cross-site"}},
		{"foreign origin", []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}},
	} {
		if r := b.post("/settings/tokens", form, c.headers...); r.Code != http.StatusForbidden {
			t.Errorf("%s: POST = %d, want 403", c.name, r.Code)
		}
	}
	if r := b.post("/settings/tokens", url.Values{"name": {"no token"}}); r.Code != http.StatusForbidden {
		t.Errorf("form without its token = %d, want 403", r.Code)
	}
	if r := b.post("/settings/tokens", url.Values{"csrf": {"wrong"}, "name": {"x"}}); r.Code != http.StatusForbidden {
		t.Errorf("form with a wrong token = %d, want 403", r.Code)
	}
	if toks, _ := cs.store.APITokens(context.Background(), mustAccount(t, cs, "ada").ID); len(toks) != 0 {
		t.Errorf("refused forms made %d tokens", len(toks))
	}
	if r := b.post("/settings/tokens", form); r.Code != 200 || !strings.Contains(r.Body, "dp_") {
		t.Errorf("same-site form = %d", r.Code)
	}
}

func mustAccount(t *testing.T, cs *communitySite, name string) store.Account {
	t.Helper()
	a, err := cs.store.AccountByName(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustURL(t *testing.T, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// TestSigninLimits: sign-in mails to one address are limited, with 429
// and Retry-After, and no more mail goes out.
func TestSigninLimits(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	for i := range 3 {
		if r := b.post("/signin", url.Values{"email": {"ada@example.org"}}); r.Code != 200 {
			t.Fatalf("request %d = %d", i+1, r.Code)
		}
	}
	r := b.post("/signin", url.Values{"email": {"ada@example.org"}})
	if r.Code != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" {
		t.Errorf("4th request = %d, Retry-After %q; want 429 with Retry-After", r.Code, r.Header.Get("Retry-After"))
	}
	if n := len(cs.waitMail(t, 3, 10*time.Second)); n != 3 {
		t.Errorf("%d mails sent, want 3", n)
	}
	if r := b.post("/signin", url.Values{"email": {"not an address\r\nBcc: x@y"}}); r.Code != 400 {
		t.Errorf("hostile address = %d, want 400", r.Code)
	}
}

// TestTokens: API writes need a valid token; a revoked one is refused.
func TestTokens(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.freshPapers(t, "2104.90001")
		body := map[string]string{"paper_id": "2104.90001"}
		for _, tok := range []string{"", "dp_unknown", "not-even-a-token"} {
			code, out, h := cs.api(t, "POST", "/api/papers/submit", tok, body)
			if code != 401 || out["error"] == "" || !strings.HasPrefix(h.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("token %q: %d %v", tok, code, out)
			}
		}
		b := cs.browser(t)
		acct := b.signIn("ada@example.org", "ada")
		page := b.post("/settings/tokens", url.Values{"csrf": {b.csrf()}, "name": {"bot"}})
		tok := regexpFind(t, `id="new-token">(dp_[A-Za-z0-9_-]+)<`, page.Body)
		if code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/upvote", tok, nil); code != 404 {
			t.Errorf("upvote of a paper on no feed = %d %v, want 404", code, out)
		}
		if code, out, _ := cs.api(t, "POST", "/api/papers/submit", tok, body); code != 201 {
			t.Fatalf("submit with a token = %d %v", code, out)
		}
		toks, err := cs.store.APITokens(context.Background(), acct.ID)
		if err != nil || len(toks) != 1 {
			t.Fatalf("tokens = %v, %v", toks, err)
		}
		b.post(fmt.Sprintf("/settings/tokens/%d/revoke", toks[0].ID), url.Values{"csrf": {b.csrf()}})
		if code, _, _ := cs.api(t, "POST", "/api/papers/2104.90001/upvote", tok, nil); code != 401 {
			t.Errorf("revoked token = %d, want 401", code)
		}
	})
}

// TestSubmit: a paper new here is fetched from the (replayed) arXiv API;
// each rule refuses with its name and reason; curators are exempt.
func TestSubmit(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.Rules{MaxAge: 14 * 24 * time.Hour, PerDay: 2}, generous)
		_, tok := cs.account(t, "ada", store.RoleUser)
		_, curator := cs.account(t, "cora", store.RoleCurator)
		cs.freshPapers(t, "2104.90001", "2104.90002", "2104.90003")
		cs.papersAt(t, time.Date(2016, 5, 26, 0, 0, 0, 0, time.UTC), "1605.08386")
		submit := func(token, id string, extra ...string) (int, map[string]any, http.Header) {
			body := map[string]string{"paper_id": id}
			if len(extra) == 1 {
				body["day"] = extra[0]
			}
			return cs.api(t, "POST", "/api/papers/submit", token, body)
		}
		code, out, _ := submit(tok, "https://arxiv.org/abs/2104.12255v1")
		if code != 201 {
			t.Fatalf("submit = %d %v", code, out)
		}
		if p := out["paper"].(map[string]any); p["id"] != "2104.12255" || !strings.HasPrefix(p["title"].(string), "") || p["submittedOnDailyBy"].(map[string]any)["user"] != "ada" {
			t.Errorf("entry = %v", p)
		}
		if len(cs.arxivCalls) != 1 || cs.arxivCalls[0] != "2104.12255" {
			t.Errorf("arXiv calls = %v", cs.arxivCalls)
		}
		de, err := cs.store.Entry(context.Background(), "2104.12255")
		if err != nil || de.Entry.Day != "2021-04-27" || de.Entry.Submitter != "ada" {
			t.Errorf("entry = %+v, %v", de.Entry, err)
		}
		rules := []struct {
			name, token, id string
			code            int
			rule, says      string
		}{
			{"again", tok, "arXiv:2104.12255", 409, "already-submitted", "2021-04-27"},
			{"too old", tok, "1605.08386", 403, "age", "14 days"},
			{"not an id", tok, "hello", 400, "", "not an arXiv id"},
			{"not on arXiv", tok, "2104.99999", 404, "", "arXiv has no paper"},
			{"second today", tok, "2104.90001", 201, "", ""},
			{"third today", tok, "2104.90002", 429, "per-day", "at most 2"},
			{"curator, any number", curator, "2104.90003", 201, "", ""},
			{"curator, a day", curator, "1605.08386", 201, "", ""},
		}
		for _, c := range rules {
			var extra []string
			if c.name == "curator, a day" {
				extra = []string{"2021-04-20"}
			}
			code, out, h := submit(c.token, c.id, extra...)
			msg, _ := out["error"].(string)
			if code != c.code || (c.rule != "" && out["rule"] != c.rule) || !strings.Contains(msg, c.says) {
				t.Errorf("%s: %d %v; want %d rule %q saying %q", c.name, code, out, c.code, c.rule, c.says)
			}
			if c.code == 429 && h.Get("Retry-After") == "" {
				t.Errorf("%s: no Retry-After", c.name)
			}
		}
		if de, _ := cs.store.Entry(context.Background(), "1605.08386"); de.Entry.Day != "2021-04-20" {
			t.Errorf("curator's chosen day = %q", de.Entry.Day)
		}
		// A user may not choose the day.
		if code, out, _ := submit(tok, "2104.90003", "2021-04-01"); code != 403 || out["rule"] != "day" {
			t.Errorf("user choosing a day = %d %v", code, out)
		}
	})
}

// TestUpvotes: 100 users upvoting one paper at once count exactly 100;
// repeating changes nothing; withdrawing counts down once.
func TestUpvotes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.freshPapers(t, "2104.90001")
		_, first := cs.account(t, "ada", store.RoleUser)
		if code, out, _ := cs.api(t, "POST", "/api/papers/submit", first, map[string]string{"paper_id": "2104.90001"}); code != 201 {
			t.Fatalf("submit = %d %v", code, out)
		}
		tokens := make([]string, 100)
		for i := range tokens {
			_, tokens[i] = cs.account(t, fmt.Sprintf("voter%03d", i), store.RoleUser)
		}
		voteAll := func(method string, toks []string) {
			var wg sync.WaitGroup
			for _, tok := range toks {
				wg.Go(func() {
					if code, out, _ := cs.api(t, method, "/api/papers/2104.90001/upvote", tok, nil); code != 200 {
						t.Errorf("%s upvote = %d %v", method, code, out)
					}
				})
			}
			wg.Wait()
		}
		count := func() int {
			de, err := cs.store.Entry(context.Background(), "2104.90001")
			if err != nil {
				t.Fatal(err)
			}
			return de.Entry.Upvotes
		}
		voteAll("POST", tokens)
		if n := count(); n != 100 {
			t.Errorf("after 100 concurrent upvotes: %d", n)
		}
		voteAll("POST", tokens)
		if n := count(); n != 100 {
			t.Errorf("after repeating them: %d", n)
		}
		voteAll("DELETE", tokens[:10])
		voteAll("DELETE", tokens[:10])
		if n := count(); n != 90 {
			t.Errorf("after 10 withdrawn twice: %d", n)
		}
		code, out, _ := cs.api(t, "GET", "/api/papers/2104.90001", "", nil)
		if code != 200 || out["upvotes"] != float64(90) {
			t.Errorf("API upvotes = %v", out["upvotes"])
		}
	})
}

func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if m == nil {
		t.Fatalf("%s not found in %.500s", pattern, s)
	}
	return m[1]
}
