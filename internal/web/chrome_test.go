package web_test

import (
	"context"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestErrorMessagesCapitalised: a message the domain writes in lower case
// (for the API's JSON, and to follow a colon) starts with a capital letter
// where a page shows it on its own, while the API keeps its wording.
func TestErrorMessagesCapitalised(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		r := b.post("/signin/confirm", url.Values{"token": {"forged"}})
		if r.Code != 400 || !strings.Contains(r.Body, "This sign-in link is not valid") {
			t.Errorf("forged sign-in link = %d: %.300s", r.Code, r.Body)
		}
		code, body, _ := cs.api(t, "POST", "/api/papers/2104.90001/upvote", "not-a-token", nil)
		if msg, _ := body["error"].(string); code != 401 || !strings.HasPrefix(msg, "a valid API token") {
			t.Errorf("API with an unknown token = %d %v", code, body)
		}
	})
}

// TestSubscribeIndexable: /subscribe is for search engines, with a meta
// description and a canonical address; the pages of a subscription's links
// are not.
func TestSubscribeIndexable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		r := b.get("/subscribe?email=ada@example.org")
		if r.Code != 200 || strings.Contains(r.Body, `name="robots"`) {
			t.Errorf("/subscribe = %d, noindex: %v", r.Code, strings.Contains(r.Body, `name="robots"`))
		}
		if !strings.Contains(r.Body, `<meta name="description" content="Get the day&#39;s or the week&#39;s top research papers by email`) ||
			!strings.Contains(r.Body, `<link rel="canonical" href="`+cs.url+`/subscribe">`) {
			t.Errorf("/subscribe has no description or canonical address: %.600s", r.Body)
		}
		if r := b.get("/subscribe/confirm?token=x"); !strings.Contains(r.Body, `<meta name="robots" content="noindex">`) {
			t.Errorf("a confirmation page is indexable: %d", r.Code)
		}
	})
}

// TestAdminDigestReachable: the account menu and the moderation page link
// /admin/digest for admins only, and a signed-out visitor of an admin page
// is sent to sign in and brought back to it, not answered with a bare 401.
func TestAdminDigestReachable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		for _, path := range []string{"/admin/digest?q=ada", "/admin/digest/preview", "/admin/subscribers.csv"} {
			r := cs.browser(t).get(path)
			if want := "/signin?next=" + url.QueryEscape(path); r.Code != 303 || r.Header.Get("Location") != want {
				t.Errorf("signed out, GET %s = %d to %q, want 303 to %q", path, r.Code, r.Header.Get("Location"), want)
			}
		}
		curator := cs.browser(t)
		curator.signIn("cora@example.org", "cora")
		if err := cs.store.SetRole(context.Background(), "cora", store.RoleCurator); err != nil {
			t.Fatal(err)
		}
		if r := curator.get("/moderation"); r.Code != 200 || strings.Contains(r.Body, `href="/admin/digest"`) {
			t.Errorf("a curator's /moderation = %d, links the digest admin: %v", r.Code, strings.Contains(r.Body, `href="/admin/digest"`))
		}
		admin := cs.browser(t)
		admin.signIn("rita@example.org", "rita")
		if err := cs.store.SetRole(context.Background(), "rita", store.RoleAdmin); err != nil {
			t.Fatal(err)
		}
		for _, path := range []string{"/", "/moderation"} {
			if r := admin.get(path); r.Code != 200 || !strings.Contains(r.Body, `href="/admin/digest"`) {
				t.Errorf("an admin's %s = %d, no link to the digest admin", path, r.Code)
			}
		}
		if r := admin.get("/admin/digest"); r.Code != 200 {
			t.Errorf("admin GET /admin/digest = %d", r.Code)
		}
	})
}

// TestSubscribeBoxForSubscribers: the footer offers the subscribe form to
// a reader who does not get the digest, and to a subscriber says so and
// links the settings instead.
func TestSubscribeBoxForSubscribers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		const form, note = `<form class="subscribe-box"`, `You’re subscribed to the digest · <a href="/settings#digest">manage</a>`
		if r := cs.browser(t).get("/"); !strings.Contains(r.Body, form) || strings.Contains(r.Body, note) {
			t.Errorf("signed out: the footer has no subscribe form")
		}
		b := cs.browser(t)
		b.signIn("ada@example.org", "ada")
		if r := b.get("/"); !strings.Contains(r.Body, form) || strings.Contains(r.Body, note) {
			t.Errorf("signed in, not subscribed: the footer has no subscribe form")
		}
		if r := b.post("/settings/digest", url.Values{"csrf": {b.csrf()}, "frequency": {"weekly"}}); r.Code >= 400 {
			t.Fatalf("POST /settings/digest = %d", r.Code)
		}
		for _, path := range []string{"/", "/papers/trending"} {
			if r := b.get(path); strings.Contains(r.Body, form) || !strings.Contains(r.Body, note) {
				t.Errorf("subscribed: %s offers the subscribe form", path)
			}
		}
		if r := b.get("/settings"); !strings.Contains(r.Body, `<section id="digest"`) {
			t.Errorf("/settings has no #digest section")
		}
	})
}

// TestSettingsDigestRedirects: subscribing from /settings answers with a
// redirect (303) to the settings, which confirm it, so that reloading the
// page does not post the form again; ?done= says only what the table holds.
func TestSettingsDigestRedirects(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		b.signIn("ada@example.org", "ada")
		r := b.post("/settings/digest", url.Values{"csrf": {b.csrf()}, "frequency": {"weekly"}})
		if loc := r.Header.Get("Location"); r.Code != 303 || loc != "/settings?done=digest#digest" {
			t.Fatalf("POST /settings/digest = %d to %q, want 303 to /settings?done=digest#digest", r.Code, loc)
		}
		page := b.get("/settings?done=digest")
		if page.Code != 200 || !strings.Contains(page.Body, `<p class="notice" role="status">You are subscribed to the digest.</p>`) ||
			!strings.Contains(page.Body, "The weekly digest goes to ada@example.org") {
			t.Errorf("GET /settings?done=digest = %d: no confirmation", page.Code)
		}
		if page := b.get("/settings?done=%3Cb%3Ehacked"); strings.Contains(page.Body, `class="notice"`) {
			t.Errorf("/settings shows a notice the address made up")
		}
	})
}

// TestAPIDocs: the footer's "JSON API" opens a page for people, which
// lists every route the API answers, and its examples answer JSON.
func TestAPIDocs(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		if home := b.get("/"); !strings.Contains(home.Body, `<a href="/docs/api">JSON API</a>`) {
			t.Errorf("the footer does not link /docs/api")
		}
		page := b.get("/docs/api")
		if page.Code != 200 || !strings.HasPrefix(page.Header.Get("Content-Type"), "text/html") {
			t.Fatalf("GET /docs/api = %d %s", page.Code, page.Header.Get("Content-Type"))
		}
		for _, want := range []string{
			"GET /api/daily_papers", "GET /api/papers/{id}", "GET /api/papers/search", "GET /api/papers?cursor",
			"GET /api/papers/{id}/similar", "GET /api/papers/for-you", "POST /api/papers/submit",
			"POST, DELETE /api/papers/{id}/upvote", "POST, DELETE /api/papers/{id}/save", "POST, DELETE /api/papers/{id}/dismiss",
			"POST /api/papers/{id}/comment", "POST /api/papers/{id}/comment/{commentId}/reply",
			`<meta name="description"`, cs.url + "/api/papers/submit",
		} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("/docs/api lacks %q", want)
			}
		}
		examples := regexp.MustCompile(`Try <a href="([^"]+)">`).FindAllStringSubmatch(page.Body, -1)
		if len(examples) < 3 {
			t.Errorf("/docs/api has %d examples, want 3", len(examples))
		}
		for _, m := range examples {
			ex := strings.ReplaceAll(m[1], "&amp;", "&")
			if r := b.get(ex); r.Code != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
				t.Errorf("example %s = %d %s", ex, r.Code, r.Header.Get("Content-Type"))
			}
		}
	})
}
