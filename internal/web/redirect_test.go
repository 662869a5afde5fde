package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// offSite are ways of writing "somewhere else" that browsers, or some
// browsers, follow off the site from a Location header.
var offSite = []string{
	"//evil.example", "///evil.example", "/\\evil.example", "\\\\evil.example", "/\\/evil.example",
	"/\t/evil.example", "/\n/evil.example", "/\r\nLocation: https://evil.example", "\t//evil.example", " //evil.example",
	"/%2F%2Fevil.example", "/%5Cevil.example", "/%2f%2fevil.example/%2e%2e",
	"/\u2215\u2215evil.example", "/\uff0f\uff0fevil.example", "/\u3002evil.example",
	"https:evil.example", "https://evil.example", "http:/\\evil.example", "javascript:alert(1)", "data:text/html,x",
	"/.//evil.example", "/..//evil.example", "/./\\evil.example", "/\x00//evil.example", "/\x0b/evil.example", "/\x7f//evil.example", "/\xff//evil.example",
	"/" + strings.Repeat("a", 10<<10), "//" + strings.Repeat("a", 10<<10),
}

// checkOnSite fails unless loc, a Location header, keeps the browser on
// the site: a path of its own, read as browsers read it (tabs and new lines
// dropped, backslashes taken for slashes).
func checkOnSite(t *testing.T, what, loc string) {
	t.Helper()
	seen := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(strings.TrimLeft(loc, " \x00"))
	u, err := url.Parse(seen)
	if !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") || err != nil || u.Host != "" || u.Scheme != "" ||
		strings.ContainsAny(loc, "\x00\r\n\t\\") || len(loc) > 1000 {
		t.Errorf("%s: Location %.80q leaves the site, or is not a clean path", what, loc)
	}
}

// TestNoRedirectLeavesTheSite sends every way of writing another site
// through each place a redirect takes a destination from the request: the
// next of a sign-in link and of the welcome page, the next of a comment
// action, and the Referer a vote returns to. Each redirect is to a path of
// this site.
func TestNoRedirectLeavesTheSite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		const id = "2104.90001"
		cs.freshPapers(t, id)
		_, tok := cs.account(t, "ada", store.RoleUser)
		cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": id})
		_, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/comment", tok, map[string]string{"comment": "words"})
		cid := out["id"].(string)
		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")
		host := strings.TrimPrefix(cs.url, "http://")

		for i, next := range offSite {
			// The next of a sign-in link, for an account and for a new
			// address, and then of the welcome page.
			old, _ := cs.account(t, fmt.Sprintf("old%d", i), store.RoleUser)
			for _, email := range []string{old.Email, fmt.Sprintf("new%d@example.org", i)} {
				b := cs.browser(t)
				sent := len(cs.smtp.Messages())
				if r := b.post("/signin", url.Values{"email": {email}, "next": {next}}); r.Code != 200 {
					t.Fatalf("sign-in = %d", r.Code)
				}
				msgs := cs.waitMail(t, sent+1, 10*time.Second)
				token := mustQuery(t, mailtestLinkIn(t, cs, msgs[sent]), "token")
				r := b.post("/signin/confirm", url.Values{"token": {token}})
				if r.Code != http.StatusSeeOther {
					t.Fatalf("confirm = %d", r.Code)
				}
				loc := r.Header.Get("Location")
				checkOnSite(t, fmt.Sprintf("sign-in with next %.40q", next), loc)
				if !strings.HasPrefix(loc, "/welcome") {
					continue
				}
				page := b.get(loc)
				w := b.post("/welcome", url.Values{"csrf": {csrfRE.FindStringSubmatch(page.Body)[1]},
					"name": {fmt.Sprintf("new%d", i)}, "next": {next}})
				if w.Code != http.StatusSeeOther {
					t.Fatalf("welcome = %d", w.Code)
				}
				checkOnSite(t, fmt.Sprintf("welcome with next %.40q", next), w.Header.Get("Location"))
			}
			// A comment action's next.
			r := bob.post("/papers/"+id+"/comments/"+cid+"/report", url.Values{"csrf": {bob.csrf()}, "reason": {"x"}, "next": {next}})
			checkOnSite(t, fmt.Sprintf("report with next %.40q", next), r.Header.Get("Location"))
		}

		// The Referer a vote goes back to, with this site's host.
		for _, ref := range []string{
			"http://" + host + "//evil.example/", "http://" + host + "/\\evil.example", "http://" + host + "/%2F%2Fevil.example",
			"http://evil.example@" + host + "//evil.example", "http://" + host + "@evil.example//evil.example",
			"http://" + host + ":1//evil.example", "//" + host + "//evil.example", "http://" + host + "/\t/evil.example",
			"http://" + host, "http://" + host + "?//evil.example", "https://evil.example/", "http://" + host + "/" + strings.Repeat("a", 100<<10),
		} {
			for _, b := range []*browser{bob, cs.browser(t)} { // the vote, and the way to sign in first
				r := b.post("/papers/"+id+"/upvote", url.Values{"csrf": {bob.csrf()}}, "Referer", ref)
				if r.Code != http.StatusSeeOther {
					t.Errorf("vote with Referer %.60q = %d", ref, r.Code)
				}
				checkOnSite(t, fmt.Sprintf("vote with Referer %.60q", ref), r.Header.Get("Location"))
			}
		}
	})
}

// TestSigninLinkNamesItsAddress: login CSRF by a link. A forger who sends
// their own sign-in link to someone else would have them press the button
// and use the forger's account; the page the link opens names the address
// it signs in, before anything is spent, and a spent, expired or unknown
// link shows no button at all.
func TestSigninLinkNamesItsAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		forger := cs.browser(t)
		forger.post("/signin", url.Values{"email": {"Mallory@Example.org"}})
		link := strings.TrimPrefix(mailtestLink(t, cs), cs.url)
		victim := cs.browser(t)
		victim.signIn("ada@example.org", "ada")
		page := victim.get(link)
		if page.Code != 200 || !strings.Contains(page.Body, "sign in as <strong>mallory@example.org</strong>") {
			t.Errorf("the sign-in page does not name the address it signs in: %d %.300s", page.Code, page.Body)
		}
		if again := victim.get(link); !strings.Contains(again.Body, `action="/signin/confirm"`) {
			t.Errorf("opening the link spent it")
		}
		victim.post("/signin/confirm", url.Values{"token": {mustQuery(t, cs.url+link, "token")}})
		for _, l := range []string{link, "/signin/confirm?token=unknown", "/signin/confirm"} {
			r := victim.get(l)
			if r.Code != http.StatusBadRequest || strings.Contains(r.Body, `action="/signin/confirm"`) || !strings.Contains(r.Body, "ask for a new one") {
				t.Errorf("GET %s = %d, want 400 without a button", l, r.Code)
			}
		}
		cs.clock.Advance(community.LinkLifetime + time.Second)
		sent := len(cs.smtp.Messages())
		forger.post("/signin", url.Values{"email": {"eve@example.org"}})
		expired := strings.TrimPrefix(mailtestLinkIn(t, cs, cs.waitMail(t, sent+1, 10*time.Second)[sent]), cs.url)
		if r := victim.get(expired); r.Code != 200 {
			t.Fatalf("a fresh link's page = %d", r.Code)
		}
		cs.clock.Advance(community.LinkLifetime + time.Second)
		if r := victim.get(expired); r.Code != http.StatusBadRequest {
			t.Errorf("an expired link's page = %d, want 400", r.Code)
		}
	})
}

// TestTokenPagesSendNoReferrer: every page whose address holds a secret
// (a sign-in or confirmation link's token, a subscription's) tells the
// browser to send no Referer from it, so no link on it passes the secret on.
func TestTokenPagesSendNoReferrer(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	b.post("/signin", url.Values{"email": {"ada@example.org"}})
	signin := strings.TrimPrefix(mailtestLink(t, cs), cs.url)
	confirm := strings.TrimPrefix(subscribeLink(t, cs, b, "reader@example.org", nil), cs.url)
	r := b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, cs.url+confirm, "token")}})
	token := regexpFind(t, `href="/subscription/([^"?]+)"`, r.Body)
	for _, c := range []struct {
		method, path string
	}{
		{"GET", signin}, {"GET", confirm}, {"GET", "/subscription/" + token}, {"GET", "/subscription/" + token + "?saved=1"},
		{"GET", "/unsubscribe/" + token}, {"POST", "/unsubscribe/" + token},
	} {
		var form url.Values
		if c.method == "POST" {
			form = url.Values{}
		}
		if r := b.do(c.method, c.path, form); r.Code != 200 || r.Header.Get("Referrer-Policy") != "no-referrer" {
			t.Errorf("%s %s = %d with Referrer-Policy %q", c.method, c.path, r.Code, r.Header.Get("Referrer-Policy"))
		}
	}
}
