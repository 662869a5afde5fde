package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestActionLimits: submissions, comments, votes and changes to a reading
// list (saves and dismissals count together) are rate-limited per
// user with 429 and Retry-After; the limit is per user.
func TestActionLimits(t *testing.T) {
	tight := generous
	tight.Submissions = ratelimit.Rule{Burst: 2, Per: time.Hour}
	tight.Comments = ratelimit.Rule{Burst: 2, Per: 10 * time.Minute}
	tight.Votes = ratelimit.Rule{Burst: 3, Per: time.Minute}
	tight.Saves = ratelimit.Rule{Burst: 3, Per: time.Hour}
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.Rules{MaxAge: 14 * 24 * time.Hour, PerDay: 100}, tight)
	cs.freshPapers(t, "2104.90001", "2104.90002", "2104.90003")
	_, ada := cs.account(t, "ada", store.RoleUser)
	_, bob := cs.account(t, "bob", store.RoleUser)
	expect := func(what string, code int, h http.Header, want int) {
		t.Helper()
		if code != want {
			t.Errorf("%s = %d, want %d", what, code, want)
		}
		if want == 429 && h.Get("Retry-After") == "" {
			t.Errorf("%s: 429 without Retry-After", what)
		}
	}
	for i, id := range []string{"2104.90001", "2104.90002", "2104.90003"} {
		code, _, h := cs.api(t, "POST", "/api/papers/submit", ada, map[string]string{"paper_id": id})
		expect("submission "+id, code, h, []int{201, 201, 429}[i])
	}
	for i := range 3 {
		code, _, h := cs.api(t, "POST", "/api/papers/2104.90001/comment", ada, map[string]string{"comment": "hello"})
		expect("comment", code, h, []int{201, 201, 429}[i])
	}
	code, _, h := cs.api(t, "POST", "/api/papers/2104.90001/comment", bob, map[string]string{"comment": "another person"})
	expect("another person's comment", code, h, 201)
	for i := range 4 {
		method := []string{"POST", "DELETE"}[i%2]
		code, _, h := cs.api(t, method, "/api/papers/2104.90001/upvote", ada, nil)
		expect("vote", code, h, []int{200, 200, 200, 429}[i])
	}
	for i, c := range [][2]string{{"POST", "save"}, {"DELETE", "save"}, {"POST", "dismiss"}, {"POST", "save"}} {
		code, _, h := cs.api(t, c[0], "/api/papers/2104.90002/"+c[1], ada, nil)
		expect(c[0]+" "+c[1], code, h, []int{200, 204, 200, 429}[i])
	}
	code, _, h = cs.api(t, "POST", "/api/papers/2104.90002/save", bob, nil)
	expect("another person's save", code, h, 200)
}

// TestAPIWriteErrors: what scripts get wrong gets a JSON error saying so.
func TestAPIWriteErrors(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	_, tok := cs.account(t, "ada", store.RoleUser)
	cs.freshPapers(t, "2104.90001")
	cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
	for _, c := range []struct {
		method, path string
		body         any
		code         int
		says         string
	}{
		{"POST", "/api/papers/submit", "not an object", 400, "JSON object"},
		{"POST", "/api/papers/submit", map[string]string{}, 400, "paper_id is required"},
		{"POST", "/api/papers/9999.99999/comment", map[string]string{"comment": "x"}, 404, "Paper not found"},
		{"POST", "/api/papers/2104.90001/comment/999/reply", map[string]string{"comment": "x"}, 404, ""},
		{"POST", "/api/papers/2104.90001/comment/abc/reply", map[string]string{"comment": "x"}, 404, ""},
		{"POST", "/api/papers/2104.90001/comment", map[string]string{"comment": strings.Repeat("x", 10001)}, 400, "10,000"},
		{"POST", "/api/papers/2104.90001/frobnicate", nil, 404, ""},
		{"DELETE", "/api/papers/2104.90001/comment", nil, 404, ""},
	} {
		code, out, _ := cs.api(t, c.method, c.path, tok, c.body)
		msg, _ := out["error"].(string)
		if code != c.code || !strings.Contains(msg, c.says) {
			t.Errorf("%s %s = %d %q; want %d saying %q", c.method, c.path, code, msg, c.code, c.says)
		}
	}
}

// TestCommunityPagesAccessible: the signed-in pages, with every form they
// can show, have one h1, a label for every control and unique ids.
func TestCommunityPagesAccessible(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	cs.freshPapers(t, "2104.90001")
	_, tok := cs.account(t, "ada", store.RoleCurator)
	cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
	_, c, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", tok, map[string]string{"comment": "First"})
	cs.api(t, "POST", "/api/papers/2104.90001/comment/"+c["id"].(string)+"/reply", tok, map[string]string{"comment": "Second"})
	b := cs.browser(t)
	b.signIn("ada@example.org", "")
	newcomer := cs.browser(t)
	newcomer.post("/signin", url.Values{"email": {"new@example.org"}})
	newcomer.post("/signin/confirm", url.Values{"token": {mustQuery(t, mailtestLinkIn(t, cs, cs.waitMail(t, 2, 10*time.Second)[1]), "token")}})
	pages := map[string]*browser{"/welcome": newcomer}
	for _, p := range []string{"/", "/papers/2104.90001", "/settings", "/submit", "/moderation", "/u/ada", "/papers/date/2021-04-27"} {
		pages[p] = b
	}
	for path, br := range pages {
		r := br.get(path)
		if r.Code != 200 {
			t.Errorf("GET %s = %d", path, r.Code)
			continue
		}
		doc := parse(t, r.Body)
		if n := len(selectAll(doc, "h1", "")); n != 1 {
			t.Errorf("%s: %d <h1>", path, n)
		}
		labels, ids := map[string]bool{}, map[string]bool{}
		walk(doc, func(n *html.Node) {
			if id, ok := attr(n, "id"); ok {
				if ids[id] {
					t.Errorf("%s: duplicate id %q", path, id)
				}
				ids[id] = true
			}
			if n.Data == "label" {
				f, _ := attr(n, "for")
				labels[f] = true
			}
		})
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode || (n.Data != "input" && n.Data != "textarea" && n.Data != "select") {
				return
			}
			if typ, _ := attr(n, "type"); typ == "hidden" {
				return
			}
			if id, _ := attr(n, "id"); !labels[id] {
				t.Errorf("%s: <%s id=%q> has no label", path, n.Data, id)
			}
		})
	}
}
