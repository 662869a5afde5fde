package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestCommentThroughAnotherPaper: a comment's URL names its paper; through
// another paper's URL every verb answers 404 and changes nothing (it used
// to make the change first and answer 404 after).
func TestCommentThroughAnotherPaper(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		cs.freshPapers(t, "2104.90001", "2104.90002")
		_, adaTok := cs.account(t, "ada", store.RoleUser)
		for _, id := range []string{"2104.90001", "2104.90002"} {
			if code, out, _ := cs.api(t, "POST", "/api/papers/submit", adaTok, map[string]string{"paper_id": id}); code != 201 {
				t.Fatalf("submit %s = %d %v", id, code, out)
			}
		}
		code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": "first words"})
		if code != 201 {
			t.Fatalf("comment = %d %v", code, out)
		}
		cid := out["id"].(string)
		wrong := "/papers/2104.90002/comments/" + cid + "/"

		ada := cs.browser(t)
		ada.signIn("ada@example.org", "")
		cs.store.CreateAccount(ctx, store.Account{Name: "cora", Email: "cora@example.org", Role: store.RoleCurator})
		cora := cs.browser(t)
		cora.signIn("cora@example.org", "")
		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")

		// Bob's report through the right URL gives cora a report to dismiss.
		if r := bob.post("/papers/2104.90001/comments/"+cid+"/report", url.Values{"csrf": {bob.csrf()}, "reason": {"rude"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("report = %d", r.Code)
		}
		cases := []struct {
			who  *browser
			verb string
			form url.Values
		}{
			{ada, "edit", url.Values{"body": {"changed through the wrong paper"}}},
			{ada, "delete", nil},
			{cora, "hide", url.Values{"reason": {"spam"}}},
			{cora, "show", nil},
			{cora, "dismiss", nil},
			{bob, "report", url.Values{"reason": {"again"}}},
		}
		for _, c := range cases {
			form := url.Values{"csrf": {c.who.csrf()}}
			for k, v := range c.form {
				form[k] = v
			}
			if r := c.who.post(wrong+c.verb, form); r.Code != http.StatusNotFound {
				t.Errorf("%s through another paper = %d, want 404", c.verb, r.Code)
			}
		}
		// The API's one write on an existing comment, a reply, is checked
		// the same way.
		if code, out, _ := cs.api(t, "POST", "/api/papers/2104.90002/comment/"+cid+"/reply", adaTok, map[string]string{"comment": "stray"}); code != http.StatusNotFound {
			t.Errorf("API reply through another paper = %d %v, want 404", code, out)
		}
		if other, err := cs.store.Comments(ctx, "2104.90002"); err != nil || len(other) != 0 {
			t.Errorf("comments of the other paper = %v, %v; want none", other, err)
		}
		got, err := cs.store.Comment(ctx, mustInt(t, cid))
		if err != nil {
			t.Fatal(err)
		}
		if got.Body != "first words" || got.Deleted || got.HiddenReason != "" || got.Reports != 1 {
			t.Errorf("comment after the wrong URLs: body %q deleted %v hidden %q reports %d; want it unchanged with 1 report",
				got.Body, got.Deleted, got.HiddenReason, got.Reports)
		}
		if audit, _ := cs.store.AuditLog(ctx, 10); len(audit) != 0 {
			t.Errorf("audit log has %+v, want nothing", audit)
		}
	})
}
