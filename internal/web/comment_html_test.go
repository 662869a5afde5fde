package web_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestCommentHTMLStored: the paper page and the API show the HTML stored
// when a comment was written: 30 pathological comments are not rendered
// again on each view (the stored HTML, changed behind the store's back, is
// what both serve). HTML stored under older rendering rules is rendered
// again.
func TestCommentHTMLStored(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		_, adaTok := cs.account(t, "ada", store.RoleUser)
		cs.submitted(t, "2104.90001", adaTok)
		var ids []string
		for range 30 {
			code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": pathologicalComment})
			if code != 201 {
				t.Fatalf("comment = %d %v", code, out)
			}
			ids = append(ids, out["id"].(string))
		}
		rendered := cs.browser(t).get("/papers/2104.90001").Body
		if !strings.Contains(rendered, "[a]([a]([a](") {
			t.Fatal("the page does not show the comments")
		}

		storetest.Exec(t, dsn, `UPDATE comments SET body_html = '<p>stored ' || CAST(id AS TEXT) || '</p>'`)
		page := cs.browser(t).get("/papers/2104.90001").Body
		if strings.Contains(page, "[a]([a]([a](") {
			t.Error("the page rendered the comments' Markdown again")
		}
		_, api, _ := cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		comments := api["comments"].([]any)
		if len(comments) != 30 {
			t.Fatalf("API: %d comments, want 30", len(comments))
		}
		for i, id := range ids {
			want := fmt.Sprintf("<p>stored %s</p>", id)
			if !strings.Contains(page, want) {
				t.Errorf("comment %s: the page lacks its stored HTML %s", id, want)
			}
			if got := comments[i].(map[string]any)["data"].(map[string]any)["latest"].(map[string]any)["html"]; got != want {
				t.Errorf("comment %s: the API has html %v, want the stored %s", id, got, want)
			}
		}

		// The rendering rules change for the first comment's HTML: it is
		// rendered again, on view and by the pass serve runs at start.
		storetest.Exec(t, dsn, `UPDATE comments SET html_policy = html_policy - 1 WHERE id = `+ids[0])
		page = cs.browser(t).get("/papers/2104.90001").Body
		if strings.Contains(page, "<p>stored "+ids[0]+"</p>") || !strings.Contains(page, "<p>stored "+ids[1]+"</p>") ||
			!strings.Contains(page, "[a]([a]([a](") {
			t.Error("after a change of rules, the page does not render exactly the stale comment again")
		}
		if n, err := cs.store.RenderComments(context.Background()); err != nil || n != 1 {
			t.Errorf("RenderComments = %d, %v; want 1", n, err)
		}
	})
}
