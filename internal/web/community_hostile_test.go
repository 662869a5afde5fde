package web_test

import (
	"bufio"
	"encoding/json"
	"net/url"
	"os"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// xssVectors are the filter-evasion vectors of the OWASP cheat sheet, kept
// by the usertext package, which renders what users write.
func xssVectors(t *testing.T) []string {
	t.Helper()
	f, err := os.Open("../usertext/testdata/xss.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); strings.TrimSpace(line) != "" && !strings.HasPrefix(line, "#") {
			out = append(out, strings.ReplaceAll(line, `\n`, "\n"))
		}
	}
	if len(out) < 80 {
		t.Fatalf("only %d vectors", len(out))
	}
	return out
}

// TestHostileInput: every XSS vector, as a comment, a username, a full
// name and a link, leaves no executable markup in any page, feed or API
// answer.
func TestHostileInput(t *testing.T) {
	lim := generous
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, lim)
	cs.freshPapers(t, "2104.90001")
	_, tok := cs.account(t, "ada", store.RoleUser)
	cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
	vectors := xssVectors(t)

	b := cs.browser(t)
	b.post("/signin", url.Values{"email": {"mallory@example.org"}})
	link := mailtestLink(t, cs)
	b.post("/signin/confirm", url.Values{"token": {mustQuery(t, link, "token")}})
	welcome := csrfRE.FindStringSubmatch(b.get("/welcome").Body)[1]
	for _, v := range vectors {
		r := b.post("/welcome", url.Values{"csrf": {welcome}, "name": {v}, "fullname": {"x"}})
		if r.Code != 400 {
			t.Errorf("username %q accepted (%d)", v, r.Code)
		}
		assertInert(t, "welcome page with username "+v, r.Body)
	}
	b.post("/welcome", url.Values{"csrf": {welcome}, "name": {"mallory"}})
	csrf := b.csrf()
	for i, v := range vectors {
		if r := b.post("/papers/2104.90001/comments", url.Values{"csrf": {csrf}, "body": {v}}); r.Code != 303 && r.Code != 400 {
			t.Errorf("comment %d = %d", i, r.Code)
		}
		if r := b.post("/papers/2104.90001/links", url.Values{"csrf": {csrf}, "repo": {v}}); r.Code != 400 && r.Code != 403 {
			t.Errorf("link %q = %d, want refused", v, r.Code)
		} else {
			assertInert(t, "links form with "+v, r.Body)
		}
		if i%10 == 0 {
			r := b.post("/settings/profile", url.Values{"csrf": {csrf}, "fullname": {strings.ReplaceAll(v, "\n", " ")}})
			assertInert(t, "settings with full name "+v, r.Body)
			assertInert(t, "profile with full name "+v, b.get("/u/mallory").Body)
		}
	}
	for _, path := range []string{"/papers/2104.90001", "/papers/date/2021-04-27", "/u/mallory", "/settings", "/"} {
		r := b.get(path)
		if r.Code != 200 {
			t.Errorf("GET %s = %d", path, r.Code)
		}
		assertInert(t, path, r.Body)
	}
	for _, path := range []string{"/feeds/latest/rss", "/feeds/latest/atom"} {
		r := b.get(path)
		assertInert(t, path, xmlText(r.Body))
	}
	for _, path := range []string{"/api/papers/2104.90001?field=comments", "/api/daily_papers?date=2021-04-27"} {
		r := b.get(path)
		var v any
		if err := json.Unmarshal([]byte(r.Body), &v); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		walkJSON(v, func(key, s string) {
			if key == "html" || strings.HasPrefix(key, "highlighted") {
				assertInert(t, path+" "+key, s)
			}
		})
	}
}

func mailtestLink(t *testing.T, cs *communitySite) string {
	msgs := cs.waitMail(t, 1, 10e9)
	return mailtestLinkIn(t, cs, msgs[len(msgs)-1])
}

// xmlText unescapes a feed so that the HTML its items carry is checked as
// HTML.
func xmlText(s string) string {
	return html.UnescapeString(s)
}

func walkJSON(v any, fn func(key, s string)) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if s, ok := e.(string); ok {
				fn(k, s)
			} else {
				walkJSON(e, fn)
			}
		}
	case []any:
		for _, e := range x {
			walkJSON(e, fn)
		}
	}
}

// assertInert fails when markup could run script: a script that is not
// the site's own file, an event-handler attribute, a javascript:,
// vbscript: or data: URL, or an element that loads other documents.
func assertInert(t *testing.T, where, page string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatalf("%s: %v", where, err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script":
				if src, _ := attr(n, "src"); !strings.HasPrefix(src, "/static/") || n.FirstChild != nil {
					t.Errorf("%s: a script not of the site: src %q", where, src)
				}
			case "iframe", "object", "embed", "base", "frame", "frameset", "applet", "svg", "math", "style", "video", "audio":
				t.Errorf("%s: a <%s> element", where, n.Data)
			case "meta":
				if _, ok := attr(n, "http-equiv"); ok {
					t.Errorf("%s: <meta http-equiv>", where)
				}
			case "img":
				if src, _ := attr(n, "src"); !strings.HasPrefix(src, "/static/") && !strings.HasPrefix(src, "https://") {
					t.Errorf("%s: <img src=%q>", where, src)
				}
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if strings.HasPrefix(key, "on") || key == "style" || key == "formaction" || key == "srcdoc" {
					t.Errorf("%s: attribute %s=%q on <%s>", where, a.Key, a.Val, n.Data)
				}
				if key == "href" || key == "src" || key == "action" || key == "xlink:href" {
					v := strings.ToLower(strings.Map(dropSpace, a.Val))
					for _, bad := range []string{"javascript:", "vbscript:", "data:"} {
						if strings.HasPrefix(v, bad) {
							t.Errorf("%s: %s=%q on <%s>", where, a.Key, a.Val, n.Data)
						}
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func dropSpace(r rune) rune {
	if r <= ' ' || r == 0x7f {
		return -1
	}
	return r
}
