package web_test

import (
	"context"
	"encoding/csv"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// subscribeLink subscribes an address from the form on every page and
// returns the confirmation link mailed to it.
func subscribeLink(t *testing.T, cs *communitySite, b *browser, email string, extra url.Values) string {
	t.Helper()
	before := len(cs.smtp.Messages())
	form := url.Values{"email": {email}}
	for k, v := range extra {
		form[k] = v
	}
	r := b.post("/subscribe", form)
	if r.Code != 200 || !strings.Contains(r.Body, "Check your inbox") {
		t.Fatalf("POST /subscribe = %d: %.300s", r.Code, r.Body)
	}
	msgs := cs.waitMail(t, before+1, 10*time.Second)
	return mailtest.LinkIn(t, msgs[len(msgs)-1], cs.url+"/subscribe/confirm?token=")
}

// TestSubscribe: double opt-in from the form on every page; the mailed link
// opens a page whose button confirms; consent is recorded; asking again
// reveals nothing and sends no second mail; preferences by token link;
// unsubscribe per RFC 8058.
func TestSubscribe(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		b := cs.browser(t)
		if home := b.get("/"); !strings.Contains(home.Body, `action="/subscribe"`) {
			t.Fatal("the home page has no subscribe form")
		}
		link := subscribeLink(t, cs, b, "Reader@Example.org", nil)
		sub, err := cs.store.SubscriberByEmail(ctx, "reader@example.org")
		if err != nil || sub.Status != store.SubPending {
			t.Fatalf("after subscribing: %+v, %v", sub, err)
		}
		// Opening the link changes nothing; the button does.
		page := b.get(strings.TrimPrefix(link, cs.url))
		if page.Code != 200 || !strings.Contains(page.Body, `action="/subscribe/confirm"`) {
			t.Fatalf("confirmation page = %d", page.Code)
		}
		if sub, _ := cs.store.SubscriberByEmail(ctx, "reader@example.org"); sub.Status != store.SubPending {
			t.Error("opening the link confirmed the subscription")
		}
		r := b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, link, "token")}})
		if r.Code != 200 || !strings.Contains(r.Body, "You are subscribed") {
			t.Fatalf("confirm = %d", r.Code)
		}
		sub, _ = cs.store.SubscriberByEmail(ctx, "reader@example.org")
		if sub.Status != store.SubActive || sub.ConsentAt.IsZero() || sub.ConsentIP != "127.0.0.1" {
			t.Errorf("after confirming: %+v", sub)
		}
		// Asking again: the same answer, no mail.
		sent := len(cs.smtp.Messages())
		again := b.post("/subscribe", url.Values{"email": {"reader@example.org"}, "frequency": {"weekly"}})
		fresh := b.post("/subscribe", url.Values{"email": {"other@example.org"}})
		if again.Code != 200 || strings.ReplaceAll(again.Body, "reader@", "other@") != fresh.Body {
			t.Error("subscribing a subscribed address answers differently")
		}
		cs.waitMail(t, sent+1, 10*time.Second)
		time.Sleep(100 * time.Millisecond)
		if n := len(cs.smtp.Messages()); n != sent+1 {
			t.Errorf("%d mails after subscribing a subscribed and a new address; want 1", n-sent)
		}
		if sub, _ := cs.store.SubscriberByEmail(ctx, "reader@example.org"); sub.Frequency != "daily" {
			t.Error("an anonymous request changed an active subscription")
		}
		// Preferences by the token link.
		prefs := "/subscription/" + sub.Token
		if r := b.post(prefs, url.Values{"frequency": {"weekly"}, "categories": {"cs.LG, cs.CL"}, "keywords": {"diffusion"}}); r.Code != 303 {
			t.Errorf("save preferences = %d, want a redirect back", r.Code)
		}
		if r := b.get(prefs + "?saved=1"); !strings.Contains(r.Body, "Saved") || !strings.Contains(r.Body, `value="cs.LG, cs.CL"`) {
			t.Errorf("preferences after saving lack the notice or the values")
		}
		if r := b.post(prefs, url.Values{"frequency": {"hourly"}}); r.Code != 400 {
			t.Errorf("bad frequency = %d", r.Code)
		}
		if r := b.post(prefs, url.Values{"frequency": {"daily"}, "categories": {"<script>"}}); r.Code != 400 {
			t.Errorf("bad category = %d", r.Code)
		}
		sub, _ = cs.store.SubscriberByEmail(ctx, "reader@example.org")
		if sub.Frequency != "weekly" || strings.Join(sub.Categories, ",") != "cs.LG,cs.CL" || sub.Keywords[0] != "diffusion" {
			t.Errorf("preferences = %+v", sub)
		}
		if r := b.get("/subscription/not-a-token"); r.Code != 404 {
			t.Errorf("unknown token = %d", r.Code)
		}

		// Unsubscribe: GET changes nothing; POST (no cookie, no form
		// token, from anywhere) answers 200 without a redirect, twice.
		unsub := "/unsubscribe/" + sub.Token
		if r := b.get(unsub); r.Code != 200 || !strings.Contains(r.Body, "Stop sending") {
			t.Errorf("GET unsubscribe = %d", r.Code)
		}
		if sub, _ := cs.store.SubscriberByEmail(ctx, "reader@example.org"); sub.Status != store.SubActive {
			t.Error("a GET unsubscribed")
		}
		for i := range 2 {
			req, _ := http.NewRequest("POST", cs.url+unsub, strings.NewReader("List-Unsubscribe=One-Click"))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			resp, err := (&http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}).Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 || resp.Header.Get("Set-Cookie") != "" {
				t.Errorf("one-click POST %d = %d, Set-Cookie %q", i+1, resp.StatusCode, resp.Header.Get("Set-Cookie"))
			}
		}
		sub, _ = cs.store.SubscriberByEmail(ctx, "reader@example.org")
		if sub.Status != store.SubUnsubscribed {
			t.Errorf("after one-click: %s", sub.Status)
		}
		// A cross-site form may not subscribe anyone.
		if r := b.post("/subscribe", url.Values{"email": {"victim@example.org"}}, "Sec-Fetch-Site", "cross-site"); r.Code != 403 {
			t.Errorf("cross-site subscribe = %d", r.Code)
		}
		// Header injection through the address is refused.
		if r := b.post("/subscribe", url.Values{"email": {"a@example.org\r\nBcc: victim@example.org"}}); r.Code != 400 {
			t.Errorf("address with CRLF = %d", r.Code)
		}
	})
}

// TestDigestAdmin: only admins see the digest admin, preview and export;
// manual suppression is logged.
func TestDigestAdmin(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	ctx := context.Background()
	storetest.ImportFile(t, cs.store, hfDay("2026-08-21"), importer.Options{FeedDay: "2026-08-21", Location: newYork()})
	cs.account(t, "root", store.RoleAdmin)
	user := cs.browser(t)
	user.signIn("someone@example.org", "someone")
	for _, p := range []string{"/admin/digest", "/admin/subscribers.csv", "/admin/digest/preview"} {
		if r := user.get(p); r.Code != 403 {
			t.Errorf("user GET %s = %d, want 403", p, r.Code)
		}
	}
	b := cs.browser(t)
	link := subscribeLink(t, cs, b, "=cmd@example.org", nil)
	b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, link, "token")}})
	admin := cs.browser(t)
	admin.signIn("root@example.org", "")
	page := admin.get("/admin/digest?q=cmd")
	if page.Code != 200 || !strings.Contains(page.Body, "=cmd@example.org") {
		t.Fatalf("admin page = %d", page.Code)
	}
	exp := admin.get("/admin/subscribers.csv")
	rows, err := csv.NewReader(strings.NewReader(exp.Body)).ReadAll()
	if err != nil || len(rows) != 2 || rows[1][0] != "'=cmd@example.org" || rows[1][1] != "active" {
		t.Errorf("export = %v, %v", rows, err)
	}
	if r := admin.post("/admin/suppress", url.Values{"csrf": {admin.csrf()}, "email": {"=cmd@example.org"}}); r.Code != 200 {
		t.Errorf("suppress = %d", r.Code)
	}
	if sub, _ := cs.store.SubscriberByEmail(ctx, "=cmd@example.org"); sub.Suppressed != "manual" {
		t.Errorf("suppressed = %q", sub.Suppressed)
	}
	if log, _ := cs.store.AuditLog(ctx, 1); len(log) != 1 || log[0].Action != "subscriber.suppress" {
		t.Errorf("audit = %+v", log)
	}
	prev := admin.get("/admin/digest/preview?period=2026-08-21")
	if prev.Code != 200 || !strings.Contains(prev.Body, "2608.19880") || strings.Contains(prev.Body, "<script") {
		t.Errorf("preview = %d", prev.Code)
	}
}
