package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestDiscussion: comments and replies through the API and the pages,
// edits with history, deletion, hiding by curators only, reports, the
// audit log, and numComments everywhere.
func TestDiscussion(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		cs.freshPapers(t, "2104.90001")
		_, adaTok := cs.account(t, "ada", store.RoleUser)
		if code, out, _ := cs.api(t, "POST", "/api/papers/submit", adaTok, map[string]string{"paper_id": "2104.90001"}); code != 201 {
			t.Fatalf("submit = %d %v", code, out)
		}
		code, top, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": "Nice **result**; see https://example.org/x"})
		if code != 201 || top["data"].(map[string]any)["latest"].(map[string]any)["raw"] == "" {
			t.Fatalf("comment = %d %v", code, top)
		}
		topID := top["id"].(string)

		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")
		r := bob.post("/papers/2104.90001/comments", url.Values{"csrf": {bob.csrf()}, "parent": {topID}, "body": {"I *agree*."}})
		if r.Code != http.StatusSeeOther || !strings.Contains(r.Header.Get("Location"), "#comment-") {
			t.Fatalf("reply form = %d %s", r.Code, r.Header.Get("Location"))
		}
		replyID := strings.TrimPrefix(r.Header.Get("Location"), "/papers/2104.90001#comment-")
		code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment/"+replyID+"/reply", adaTok, map[string]string{"comment": "deeper"})
		if code != 400 || !strings.Contains(out["error"].(string), "not another reply") {
			t.Errorf("reply to a reply = %d %v", code, out)
		}
		if code, _, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": "  "}); code != 400 {
			t.Errorf("empty comment = %d", code)
		}

		// The API's discussion: flat, the reply naming its parent, HTML
		// sanitized with nofollow ugc links.
		_, paperOut, _ := cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		comments := paperOut["comments"].([]any)
		if len(comments) != 2 || paperOut["numComments"] != float64(2) {
			t.Fatalf("comments = %d, numComments %v", len(comments), paperOut["numComments"])
		}
		reply := comments[1].(map[string]any)["data"].(map[string]any)
		if reply["parentCommentId"] != topID {
			t.Errorf("reply's parent = %v, want %s", reply["parentCommentId"], topID)
		}
		html := comments[0].(map[string]any)["data"].(map[string]any)["latest"].(map[string]any)["html"].(string)
		if !strings.Contains(html, "<strong>result</strong>") || !strings.Contains(html, `rel="nofollow ugc"`) {
			t.Errorf("comment HTML = %s", html)
		}
		code, daily, _ := cs.apiList(t, "/api/daily_papers?date=2021-04-27")
		if code != 200 || len(daily) != 1 || daily[0]["numComments"] != float64(2) {
			t.Errorf("daily numComments = %v", daily)
		}

		// Bob edits his reply; the history keeps the first text.
		page := bob.get("/papers/2104.90001")
		if !strings.Contains(page.Body, "I <em>agree</em>.") || !strings.Contains(page.Body, "/comments/"+replyID+"/edit") {
			t.Fatalf("paper page does not show the reply with its edit form")
		}
		if r := bob.post("/papers/2104.90001/comments/"+replyID+"/edit", url.Values{"csrf": {bob.csrf()}, "body": {"I agree, mostly."}}); r.Code != http.StatusSeeOther {
			t.Errorf("edit = %d", r.Code)
		}
		id := mustInt(t, replyID)
		hist, err := cs.store.CommentHistory(ctx, id)
		if err != nil || len(hist) != 1 || hist[0].Body != "I *agree*." {
			t.Errorf("history = %v, %v", hist, err)
		}
		// Ada may neither edit nor hide Bob's reply.
		ada := cs.browser(t)
		ada.signIn("ada@example.org", "")
		if r := ada.post("/papers/2104.90001/comments/"+replyID+"/edit", url.Values{"csrf": {ada.csrf()}, "body": {"mine now"}}); r.Code != http.StatusForbidden {
			t.Errorf("editing another's comment = %d, want 403", r.Code)
		}
		if r := ada.post("/papers/2104.90001/comments/"+replyID+"/hide", url.Values{"csrf": {ada.csrf()}, "reason": {"spam"}}); r.Code != http.StatusForbidden {
			t.Errorf("a user hiding another's comment = %d, want 403", r.Code)
		}
		// Ada reports it; a curator sees the report and hides the comment.
		if r := ada.post("/papers/2104.90001/comments/"+replyID+"/report", url.Values{"csrf": {ada.csrf()}, "reason": {"rude"}}); r.Code != http.StatusSeeOther {
			t.Errorf("report = %d", r.Code)
		}
		if r := ada.get("/moderation"); r.Code != http.StatusForbidden {
			t.Errorf("moderation page for a user = %d, want 403", r.Code)
		}
		cs.store.CreateAccount(ctx, store.Account{Name: "cora", Email: "cora@example.org", Role: store.RoleCurator})
		cora := cs.browser(t)
		cora.signIn("cora@example.org", "")
		mod := cora.get("/moderation")
		if mod.Code != 200 || !strings.Contains(mod.Body, "I agree, mostly.") || !strings.Contains(mod.Body, "1 report") {
			t.Fatalf("moderation page = %d, lacks the reported comment", mod.Code)
		}
		if r := cora.post("/papers/2104.90001/comments/"+replyID+"/hide", url.Values{"csrf": {cora.csrf()}, "reason": {"off-topic"}}); r.Code != http.StatusSeeOther {
			t.Errorf("curator hide = %d", r.Code)
		}
		if r := cora.post("/papers/2104.90001/comments/"+replyID+"/hide", url.Values{"csrf": {cora.csrf()}, "reason": {"because"}}); r.Code != 400 {
			t.Errorf("hide with an unknown reason = %d, want 400", r.Code)
		}
		page = cs.browser(t).get("/papers/2104.90001")
		if strings.Contains(page.Body, "I agree, mostly.") || !strings.Contains(page.Body, "Hidden by a curator: off-topic") {
			t.Errorf("hidden comment still shown to readers")
		}
		_, paperOut, _ = cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		if paperOut["numComments"] != float64(1) {
			t.Errorf("numComments after hiding = %v", paperOut["numComments"])
		}
		audit, _ := cs.store.AuditLog(ctx, 10)
		if len(audit) == 0 || audit[0].Action != "comment.hide" || audit[0].Actor != "cora" || audit[0].Detail != "off-topic" {
			t.Errorf("audit log = %+v", audit)
		}
		// Ada deletes her own comment: its text goes, the reply's place stays.
		if r := ada.post("/papers/2104.90001/comments/"+topID+"/delete", url.Values{"csrf": {ada.csrf()}}); r.Code != http.StatusSeeOther {
			t.Errorf("delete = %d", r.Code)
		}
		_, paperOut, _ = cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		first := paperOut["comments"].([]any)[0].(map[string]any)["data"].(map[string]any)
		if paperOut["numComments"] != float64(0) || first["deleted"] != true || first["latest"].(map[string]any)["raw"] != "" {
			t.Errorf("after delete: numComments %v, first %v", paperOut["numComments"], first)
		}
	})
}

// TestLinks: the submitter and curators set a paper's links, https only;
// anyone else is refused, whatever full name they chose.
func TestLinks(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	cs.freshPapers(t, "2104.90001")
	_, tok := cs.account(t, "ada", store.RoleUser)
	cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
	ada := cs.browser(t)
	ada.signIn("ada@example.org", "")
	if r := ada.post("/papers/2104.90001/links", url.Values{"csrf": {ada.csrf()}, "repo": {"https://github.com/ada/engine"}, "page": {""}}); r.Code != http.StatusSeeOther {
		t.Fatalf("set links = %d", r.Code)
	}
	if p, _ := cs.store.GetPaper(context.Background(), "2104.90001"); p.GitHubRepo != "https://github.com/ada/engine" {
		t.Errorf("repo = %q", p.GitHubRepo)
	}
	for _, bad := range []string{"http://github.com/x", "javascript:alert(1)", "https://user:pw@github.com/x"} {
		r := ada.post("/papers/2104.90001/links", url.Values{"csrf": {ada.csrf()}, "repo": {bad}})
		if r.Code != 400 || !strings.Contains(r.Body, "form-error") {
			t.Errorf("link %q = %d, want 400 with the form's error", bad, r.Code)
		}
	}
	// A full name equal to an author's gives no rights (a verified author
	// has them: see TestAuthorClaims); nor has a stranger.
	namesake := cs.browser(t)
	namesake.signIn("lovelace@example.org", "lovelace")
	namesake.post("/settings/profile", url.Values{"csrf": {namesake.csrf()}, "fullname": {"Ada Lovelace"}})
	if r := namesake.post("/papers/2104.90001/links", url.Values{"csrf": {namesake.csrf()}, "page": {"https://ada.example/"}}); r.Code != http.StatusForbidden {
		t.Errorf("an account named like an author sets links = %d, want 403", r.Code)
	}
	stranger := cs.browser(t)
	stranger.signIn("eve@example.org", "eve")
	if r := stranger.post("/papers/2104.90001/links", url.Values{"csrf": {stranger.csrf()}, "repo": {"https://github.com/eve/x"}}); r.Code != http.StatusForbidden {
		t.Errorf("stranger sets links = %d, want 403", r.Code)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	if _, err := fmt.Sscan(s, &n); err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}
