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

// katexStylesheet matches KaTeX's stylesheet linked as a stylesheet, which
// would block rendering; it may only be preloaded, and applied by math.js.
var katexStylesheet = regexp.MustCompile(`<link rel="stylesheet" href="/static/[^"]*katex`)

// loadsKaTeX reports whether a page loads KaTeX, and fails the test if it
// would do so in a way that blocks rendering.
func loadsKaTeX(t *testing.T, body string) bool {
	t.Helper()
	if katexStylesheet.MatchString(body) || strings.Contains(body, `<script src="/static/`) {
		t.Errorf("the page loads KaTeX blocking rendering")
	}
	return strings.Contains(body, "math.js") || strings.Contains(body, "katex")
}

// TestKaTeXOnlyWithMath: a list page loads KaTeX when a card holds a
// formula, not for a dollar sign, and never blocking rendering; titles in
// <title> and feeds are readable text.
func TestKaTeXOnlyWithMath(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-08-21"))
		storetest.Exec(t, dsn, `UPDATE papers SET title = 'A plain title', abstract = 'It costs $5 a month, or \$50 a year.', ai_summary = ''`)
		if body := s.page(t, "/papers/date/2026-08-21"); loadsKaTeX(t, body) {
			t.Errorf("a list page without formulas loads KaTeX")
		}

		id := regexp.MustCompile(`href="/papers/([0-9.]+)"`).FindStringSubmatch(s.page(t, "/papers/date/2026-08-21"))[1]
		storetest.Exec(t, dsn, `UPDATE papers SET title = 'Fast $k$-means in $O(n^{2})$ with $\mathbb{E}_{t}\|x\|^2$' WHERE id = '`+id+`'`)
		body := s.page(t, "/papers/week/2026-W34") // another address: the cache has not seen it
		if !loadsKaTeX(t, body) {
			t.Errorf("a list page with a formula in a title does not load KaTeX")
		}
		for _, want := range []string{`katex.min.css" as="style">`, `katex.min.js" as="script">`, `<script defer src="/static/`} {
			if !strings.Contains(body, want) {
				t.Errorf("the list page lacks %s", want)
			}
		}
		if !strings.Contains(body, `aria-label="Sign in to upvote: Fast k-means in O(n²) with Eₜ‖x‖²"`) {
			t.Errorf("the upvote button's label is not readable text")
		}

		paperPage := s.page(t, "/papers/"+id)
		for _, want := range []string{
			"<title>Fast k-means in O(n²) with Eₜ‖x‖² — Daily Papers</title>",
			`<meta name="description" content="It costs $5 a month, or $50 a year.">`,
		} {
			if !strings.Contains(paperPage, want) {
				t.Errorf("the paper page lacks %s", want)
			}
		}
		feed := s.get(t, "/feeds/week/2026-W34/rss").Body
		if !strings.Contains(feed, "<title>Fast k-means in O(n²) with Eₜ‖x‖²</title>") {
			t.Errorf("the feed's item title is not readable text")
		}
	})
}

// TestCommentMathPages: a formula in a comment reaches the paper page and
// the moderation page as typed, for math.js, and makes them load KaTeX; a
// comment about money does not.
func TestCommentMathPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		_, adaTok := cs.account(t, "ada", store.RoleUser)
		cs.submitted(t, "2104.90001", adaTok)
		cs.submitted(t, "2104.90002", adaTok)
		const formula = `$\mathbb{E}_{t}\|x\|^2$`
		code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": "The bound " + formula + " holds for $t_0 < t$."})
		if code != 201 {
			t.Fatalf("comment = %d %v", code, out)
		}
		id := out["id"].(string)
		if code, out, _ := cs.api(t, "POST", "/api/papers/2104.90002/comment", adaTok, map[string]string{"comment": "It costs $5 and $10 with_under_scores."}); code != 201 {
			t.Fatalf("comment = %d %v", code, out)
		}

		page := cs.browser(t).get("/papers/2104.90001").Body
		want := `<p>The bound <span class="math inline">` + formula + `</span> holds for <span class="math inline">$t_0 &lt; t$</span>.</p>`
		if !strings.Contains(page, want) {
			t.Errorf("the paper page lacks %s", want)
		}
		if !loadsKaTeX(t, page) {
			t.Errorf("a paper page with a formula in a comment does not load KaTeX")
		}
		money := cs.browser(t).get("/papers/2104.90002").Body
		if !strings.Contains(money, "<p>It costs $5 and $10 with_under_scores.</p>") {
			t.Errorf("the money comment is not shown as typed")
		}
		if loadsKaTeX(t, money) {
			t.Errorf("a paper page without formulas loads KaTeX")
		}

		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")
		if r := bob.post("/papers/2104.90001/comments/"+id+"/report", url.Values{"csrf": {bob.csrf()}, "reason": {"rude"}}); r.Code != 303 {
			t.Fatalf("report = %d", r.Code)
		}
		cs.store.CreateAccount(context.Background(), store.Account{Name: "cora", Email: "cora@example.org", Role: store.RoleCurator})
		cora := cs.browser(t)
		cora.signIn("cora@example.org", "")
		mod := cora.get("/moderation").Body
		if !strings.Contains(mod, `<span class="math inline">`+formula+`</span>`) || !loadsKaTeX(t, mod) {
			t.Errorf("the moderation page does not show the formula for KaTeX")
		}
	})
}

// TestCommentPreview: the comment form's Preview button shows the comment
// as it would be posted, formulas ready for KaTeX, above the form that
// still holds it, and posts nothing; a comment that may not be posted is
// refused as posting would refuse it.
func TestCommentPreview(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		_, adaTok := cs.account(t, "ada", store.RoleUser)
		cs.submitted(t, "2104.90001", adaTok)
		code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", adaTok, map[string]string{"comment": "First."})
		if code != 201 {
			t.Fatalf("comment = %d %v", code, out)
		}
		top := out["id"].(string)

		bob := cs.browser(t)
		bob.signIn("bob@example.org", "bob")
		const body = `See $\mathbb{E}_{t}\|x\|^2$ & <b>this</b>.`
		for _, parent := range []string{"", top} {
			r := bob.post("/papers/2104.90001/comments", url.Values{"csrf": {bob.csrf()}, "body": {body}, "parent": {parent}, "preview": {"1"}})
			if r.Code != 200 {
				t.Fatalf("preview (parent %q) = %d", parent, r.Code)
			}
			form := "comment-form-0"
			if parent != "" {
				form = "comment-form-" + parent
			}
			want := []string{
				`<section class="comment-preview" aria-labelledby="preview-title-`,
				`<div class="comment-body"><p>See <span class="math inline">$\mathbb{E}_{t}\|x\|^2$</span> &amp; &lt;b&gt;this&lt;/b&gt;.</p>`,
				`id="` + form + `" method="post" action="/papers/2104.90001/comments#` + form + `"`,
				`See $\mathbb{E}_{t}\|x\|^2$ &amp; &lt;b&gt;this&lt;/b&gt;.</textarea>`, // the form keeps the text
				`name="robots" content="noindex"`,
			}
			for _, w := range want {
				if !strings.Contains(r.Body, w) {
					t.Errorf("the preview (parent %q) lacks %s", parent, w)
				}
			}
			if strings.Count(r.Body, `class="comment-preview"`) != 1 || !loadsKaTeX(t, r.Body) {
				t.Errorf("the preview (parent %q) is not shown once, with KaTeX", parent)
			}
		}
		_, paperOut, _ := cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		if n := len(paperOut["comments"].([]any)); n != 1 {
			t.Errorf("%d comments after previews, want 1: a preview posted", n)
		}

		for _, bad := range []string{"   ", "a\x00b", strings.Repeat("x", 10_001)} {
			r := bob.post("/papers/2104.90001/comments", url.Values{"csrf": {bob.csrf()}, "body": {bad}, "preview": {"1"}})
			if r.Code != 400 || !strings.Contains(r.Body, `class="form-error"`) || strings.Contains(r.Body, `class="comment-preview"`) {
				t.Errorf("preview of %.20q = %d, want 400 with the refusal and no preview", bad, r.Code)
			}
		}
		if r := cs.browser(t).post("/papers/2104.90001/comments", url.Values{"body": {"x"}, "preview": {"1"}}); r.Code < 300 || r.Code == 200 {
			t.Errorf("an anonymous preview = %d", r.Code)
		}
	})
}
