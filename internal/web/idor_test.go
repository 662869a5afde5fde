package web_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestNoOneActsOnAnothersObjects tries every id a URL or a form carries
// (comments, parents of replies, API tokens, claims, subscription tokens)
// on objects that belong to someone else, as a user, a curator and an
// admin: each is refused and no row of any table changes. Then it reads
// every page, feed and API answer a stranger can reach, looking for what
// is not theirs to see: addresses, claim notes and rejection reasons,
// the text of hidden and deleted comments.
func TestNoOneActsOnAnothersObjects(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		const p1, p2 = "2104.90001", "2104.90002"
		cs.freshPapers(t, p1, p2)
		adaAcct, adaTok := cs.account(t, "ada", store.RoleUser)
		_, danTok := cs.account(t, "dan", store.RoleUser)
		coraAcct, coraTok := cs.account(t, "cora", store.RoleCurator)
		bossAcct, _ := cs.account(t, "boss", store.RoleAdmin)
		for _, id := range []string{p1, p2} {
			cs.api(t, "POST", "/api/papers/submit", adaTok, map[string]string{"paper_id": id})
		}
		comment := func(tok, paperID, body string) string {
			code, out, _ := cs.api(t, "POST", "/api/papers/"+paperID+"/comment", tok, map[string]string{"comment": body})
			if code != 201 {
				t.Fatalf("comment = %d %v", code, out)
			}
			return out["id"].(string)
		}
		adaC := comment(adaTok, p1, "visible words")
		hidden := comment(adaTok, p1, "hidden-secret words")
		deleted := comment(adaTok, p1, "deleted-secret words")
		reply := comment(danTok, p1, "a top comment of dan")
		if code, _, _ := cs.api(t, "POST", "/api/papers/"+p1+"/comment/"+reply+"/reply", adaTok, map[string]string{"comment": "ada answers"}); code != 201 {
			t.Fatalf("reply = %d", code)
		}
		if err := cs.store.HideComment(ctx, mustInt(t, hidden), "spam", bossAcct.ID); err != nil {
			t.Fatal(err)
		}
		if err := cs.store.DeleteComment(ctx, mustInt(t, deleted)); err != nil {
			t.Fatal(err)
		}
		claim := func(tok, paperID, note string) string {
			code, out, _ := cs.api(t, "POST", "/api/papers/"+paperID+"/claim", tok, map[string]string{"author": "Ada Lovelace", "note": note})
			if code != 201 {
				t.Fatalf("claim = %d %v", code, out)
			}
			return out["id"].(string)
		}
		adaClaim := claim(adaTok, p1, "note-secret of ada")
		coraClaim := claim(coraTok, p2, "")
		danClaim := claim(danTok, p1, "")
		if _, err := cs.comm.DecideClaim(ctx, bossAcct, mustInt(t, danClaim), false, "reason-secret for dan"); err != nil {
			t.Fatal(err)
		}
		adaTokens, err := cs.store.APITokens(ctx, adaAcct.ID)
		if err != nil || len(adaTokens) != 1 {
			t.Fatalf("ada's tokens: %v, %v", adaTokens, err)
		}
		sub, err := cs.digest.SubscribeAccount(ctx, adaAcct, "daily", "127.0.0.1")
		if err != nil {
			t.Fatal(err)
		}

		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")
		cora := cs.browser(t)
		cora.signIn(coraAcct.Email, "")
		boss := cs.browser(t)
		boss.signIn(bossAcct.Email, "")
		adaComment := "/papers/" + p1 + "/comments/" + adaC + "/"
		revoke := fmt.Sprintf("/settings/tokens/%d/revoke", adaTokens[0].ID)
		attempts := []struct {
			who  *browser
			path string
			form url.Values
			code int
		}{
			{bob, adaComment + "edit", url.Values{"body": {"bob's words"}}, 403},
			{bob, adaComment + "delete", nil, 403},
			{bob, adaComment + "hide", url.Values{"reason": {"spam"}}, 403},
			{bob, "/papers/" + p1 + "/comments/" + hidden + "/show", nil, 403},
			{bob, adaComment + "dismiss", nil, 403},
			{bob, "/papers/" + p1 + "/links", url.Values{"repo": {"https://github.com/bob/x"}}, 403},
			{bob, revoke, nil, 404},
			{bob, "/papers/" + p1 + "/claim/withdraw", nil, 404},
			{bob, "/moderation/claims/" + adaClaim + "/approve", nil, 403},
			{bob, "/moderation/claims/" + adaClaim + "/reject", url.Values{"reason": {"no"}}, 403},
			{bob, "/admin/suppress", url.Values{"email": {"ada@example.org"}}, 403},
			{bob, "/papers/" + p2 + "/comments", url.Values{"body": {"stray"}, "parent": {adaC}}, 404},
			{bob, "/papers/" + p1 + "/comments", url.Values{"body": {"deep"}, "parent": {mustReplyID(t, cs, p1)}}, 400},
			{bob, "/papers/" + p1 + "/comments", url.Values{"body": {"to nothing"}, "parent": {"9223372036854775807"}}, 404},
			{cora, "/moderation/claims/" + coraClaim + "/approve", nil, 403},
			{cora, "/moderation/claims/" + danClaim + "/approve", nil, 409},
			{cora, "/moderation/claims/999999/approve", nil, 404},
			{cora, "/moderation/claims/-1/approve", nil, 404},
			{cora, "/admin/suppress", url.Values{"email": {"ada@example.org"}}, 403},
			{cora, revoke, nil, 404},
			{cora, adaComment + "edit", url.Values{"body": {"cora's words"}}, 403},
			{cora, adaComment + "delete", nil, 403},
			{boss, revoke, nil, 404},
			{boss, adaComment + "edit", url.Values{"body": {"boss's words"}}, 403},
			{boss, adaComment + "delete", nil, 403},
			{boss, "/papers/" + p1 + "/claim/withdraw", nil, 404},
			{bob, "/settings/tokens/99999999999999999999/revoke", nil, 404},
			{bob, "/settings/tokens/-1/revoke", nil, 404},
			{cora, "/moderation/claims/99999999999999999999/approve", nil, 404},
			{bob, "/papers/" + p1 + "/comments/99999999999999999999/edit", url.Values{"body": {"x"}}, 404},
			{bob, "/papers/" + p1 + "/comments/-" + adaC + "/delete", nil, 404},
			{bob, "/papers/" + p1 + "/comments/0x" + adaC + "/delete", nil, 404},
		}
		db := rawDB(t, dsn)
		before := snapshot(t, db, dsn)
		for _, a := range attempts {
			if r := a.who.post(a.path, withCSRF(a.form, a.who.csrf())); r.Code != a.code {
				t.Errorf("POST %s = %d, want %d", a.path, r.Code, a.code)
			}
		}
		for _, c := range []struct {
			method, path, token string
			body                any
			code                int
		}{
			{"DELETE", "/api/papers/" + p2 + "/claim", danTok, nil, 404},
			{"POST", "/api/papers/" + p2 + "/comment/" + adaC + "/reply", danTok, map[string]string{"comment": "stray"}, 404},
			{"POST", "/api/papers/" + p1 + "/comment/" + mustReplyID(t, cs, p1) + "/reply", danTok, map[string]string{"comment": "deep"}, 400},
			{"POST", "/api/papers/" + p1 + "/comment/0/reply", danTok, map[string]string{"comment": "zero"}, 404},
		} {
			if code, out, _ := cs.api(t, c.method, c.path, c.token, c.body); code != c.code {
				t.Errorf("%s %s = %d %v, want %d", c.method, c.path, code, out, c.code)
			}
		}
		for _, who := range []*browser{bob, cora} {
			for _, path := range []string{"/admin/digest", "/admin/subscribers.csv", "/admin/digest/preview"} {
				if r := who.get(path); r.Code != 403 {
					t.Errorf("GET %s = %d, want 403", path, r.Code)
				}
			}
		}
		for _, guess := range []string{fmt.Sprint(sub.ID), "1", sub.Token[:len(sub.Token)-1], strings.ToUpper(sub.Token), sub.Token + "x"} {
			if guess == sub.Token {
				continue
			}
			for _, path := range []string{"/subscription/" + guess, "/unsubscribe/" + guess} {
				if r := bob.get(path); r.Code != 404 {
					t.Errorf("GET %s = %d, want 404", path, r.Code)
				}
				if r := bob.post(path, url.Values{"frequency": {"weekly"}}); r.Code != 404 {
					t.Errorf("POST %s = %d, want 404", path, r.Code)
				}
			}
		}
		if r := bob.get("/moderation"); r.Code != 403 {
			t.Errorf("GET /moderation as a user = %d, want 403", r.Code)
		}
		// An attempt counts against its maker's limits, refused or not:
		// that table alone may change.
		after := snapshot(t, db, dsn)
		for table := range before {
			if before[table] != after[table] && table != "rate_limits" {
				t.Errorf("refused attempts changed table %s", table)
			}
		}

		// What a stranger, and bob, can read holds nothing of others'.
		secrets := []string{"ada@example.org", "dan@example.org", "cora@example.org", "boss@example.org",
			"note-secret", "reason-secret", "hidden-secret", "deleted-secret", sub.Token}
		stranger := cs.browser(t)
		for _, path := range []string{"/", "/papers/" + p1, "/papers/" + p2, "/papers/" + p1 + ".md", "/u/ada", "/u/dan", "/u/cora",
			"/papers/date/2021-04-27", "/papers/week/2021-W17", "/papers/trending", "/papers?q=paper",
			"/feeds/latest/rss", "/feeds/latest/atom", "/feeds/latest/json", "/feeds/search/json?q=paper",
			"/api/papers/" + p1 + "?field=comments", "/api/papers/" + p1, "/api/daily_papers?date=2021-04-27",
			"/api/daily_papers?submitter=ada", "/api/papers", "/api/papers/search?q=paper"} {
			for name, b := range map[string]*browser{"a stranger": stranger, "bob": bob} {
				r := b.get(path)
				if r.Code != 200 {
					t.Errorf("%s: GET %s = %d", name, path, r.Code)
				}
				for _, s := range secrets {
					if strings.Contains(r.Body, s) {
						t.Errorf("%s: GET %s shows %q", name, path, s)
					}
				}
			}
		}
		// The owners see theirs: the claimant her note's claim, dan his
		// rejection's reason, curators the hidden text.
		dan := cs.browser(t)
		dan.signIn("dan@example.org", "")
		if r := dan.get("/papers/" + p1); !strings.Contains(r.Body, "reason-secret for dan") {
			t.Errorf("dan does not see why his claim was rejected")
		}
		if r := cora.get("/moderation"); !strings.Contains(r.Body, "hidden-secret") || !strings.Contains(r.Body, "note-secret") {
			t.Errorf("the curator does not see the hidden comment or the claim's note")
		}
	})
}

// mustReplyID is the id of a reply on the paper.
func mustReplyID(t *testing.T, cs *communitySite, paperID string) string {
	t.Helper()
	cs2, err := cs.store.Comments(context.Background(), paperID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs2 {
		if c.ParentID != 0 {
			return fmt.Sprint(c.ID)
		}
	}
	t.Fatal("no reply")
	return ""
}

// TestCuratorsSeeNoAddresses: the audit log on /moderation shows a
// curator the community's actions, not the admins' suppressions, whose
// target is a subscriber's address (curators do not see subscribers); an
// admin sees both.
func TestCuratorsSeeNoAddresses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		const id = "2104.90001"
		cs.freshPapers(t, id)
		_, tok := cs.account(t, "ada", store.RoleUser)
		cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": id})
		_, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/comment", tok, map[string]string{"comment": "words"})
		coraAcct, _ := cs.account(t, "cora", store.RoleCurator)
		bossAcct, _ := cs.account(t, "boss", store.RoleAdmin)
		cora, boss := cs.browser(t), cs.browser(t)
		cora.signIn(coraAcct.Email, "")
		boss.signIn(bossAcct.Email, "")
		if r := boss.post("/admin/suppress", url.Values{"csrf": {boss.csrf()}, "email": {"reader@example.net"}}); r.Code != 200 {
			t.Fatalf("suppress = %d", r.Code)
		}
		if r := cora.post("/papers/"+id+"/comments/"+out["id"].(string)+"/hide", url.Values{"csrf": {cora.csrf()}, "reason": {"spam"}}); r.Code != 303 {
			t.Fatalf("hide = %d", r.Code)
		}
		if page := cora.get("/moderation").Body; strings.Contains(page, "reader@example.net") || !strings.Contains(page, "comment.hide") {
			t.Errorf("the curator's audit log shows a subscriber's address, or not the community's actions")
		}
		if page := boss.get("/moderation").Body; !strings.Contains(page, "reader@example.net") || !strings.Contains(page, "comment.hide") {
			t.Errorf("the admin's audit log lacks an action")
		}
		if all, err := cs.store.AuditLog(ctx, 10); err != nil || len(all) != 2 {
			t.Errorf("AuditLog = %v, %v; want both actions", all, err)
		}
	})
}
