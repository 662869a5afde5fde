package web_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/outbox"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/web"
)

// communityNow is the community tests' clock: a week after the first
// version of arXiv:2104.12255, the recorded paper submissions fetch.
var communityNow = time.Date(2021, 4, 27, 14, 0, 0, 0, time.UTC)

// testClock is a clock tests move by hand.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// communitySite is the whole site over real parts: a store, an in-process
// SMTP server receiving the mail, and an arXiv API replaying recorded
// answers.
type communitySite struct {
	url    string
	store  *store.Store
	comm   *community.Service
	digest *digest.Service
	smtp   *mailtest.Server
	mails  *outbox.Worker // sends what requests queued: tests call deliver
	clock  *testClock
	site   *web.Server // its response cache is inert until a test runs site.Run

	mu         sync.Mutex
	arxivCalls []string // id_list of each request to the arXiv API
	// arxivStall, when set, holds every request to the arXiv API until
	// it is closed (or the client gives up): arXiv answers nothing.
	arxivStall chan struct{}
}

// generous are limits no test reaches unless it means to.
var generous = community.Limits{
	SigninPerAddress: ratelimit.Rule{Burst: 3, Per: 15 * time.Minute},
	SigninPerIP:      ratelimit.Rule{Burst: 1000, Per: time.Hour},
	Submissions:      ratelimit.Rule{Burst: 1000, Per: time.Hour},
	Comments:         ratelimit.Rule{Burst: 1000, Per: time.Minute},
	Votes:            ratelimit.Rule{Burst: 1000, Per: time.Minute},
}

func newCommunitySite(t *testing.T, dsn string, rules community.Rules, limits community.Limits) *communitySite {
	t.Helper()
	ctx := context.Background()
	clock := &testClock{t: communityNow}
	st, err := store.Open(ctx, dsn, store.Options{Now: clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	cs := &communitySite{store: st, smtp: mailtest.NewServer(t), clock: clock}

	arxivSrv := httptest.NewServer(http.HandlerFunc(cs.replayArxiv(t)))
	t.Cleanup(arxivSrv.Close)
	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	sender, err := mail.New(mail.Config{URL: cs.smtp.URL(), From: "Daily Papers <papers@example.org>"}, log)
	if err != nil {
		t.Fatal(err)
	}
	client := arxiv.New(arxiv.Config{APIURL: arxivSrv.URL + "/api/query", MinInterval: time.Millisecond, Logger: log})

	// The site's address is needed for the links in mail before the
	// server starts: an unstarted server has it.
	srv := httptest.NewUnstartedServer(nil)
	srv.Start()
	t.Cleanup(srv.Close)
	cs.url = srv.URL
	cs.comm = community.New(st, sender, community.ArxivFetcher{Client: client, Store: st, Log: log}, community.Options{
		BaseURL: cs.url, Location: newYork(), Rules: rules, Limits: limits, Now: cs.clock.Now, Log: log,
	})
	cs.digest = digest.New(st, sender, digest.Options{BaseURL: cs.url, Location: newYork(), Now: cs.clock.Now, Log: log, Workers: 2})
	cs.mails = outbox.New(st, sender, map[string]outbox.Composer{store.MailSignIn: cs.comm.SignInMail, store.MailConfirm: cs.digest.ConfirmationMail},
		outbox.Options{Now: cs.clock.Now, Log: log})
	w, err := web.New(st, log, web.Options{BaseURL: cs.url, Location: newYork(), Now: cs.clock.Now, Community: cs.comm, Digest: cs.digest})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = w.Handler()
	cs.site = w
	return cs
}

// deliver sends the mail requests queued, as serve's outbox worker does.
func (cs *communitySite) deliver(t testing.TB) {
	t.Helper()
	if err := cs.mails.Drain(context.Background()); err != nil {
		t.Fatalf("deliver the outbox: %v", err)
	}
}

// waitMail delivers the queued mail and returns every message received,
// failing unless there are at least n.
func (cs *communitySite) waitMail(t testing.TB, n int, timeout time.Duration) []mailtest.Received {
	t.Helper()
	cs.deliver(t)
	return cs.smtp.WaitFor(t, n, timeout)
}

// replayArxiv answers the arXiv API with the recorded answer for
// 2104.12255, and the recorded empty feed for any other id.
func (cs *communitySite) replayArxiv(t *testing.T) http.HandlerFunc {
	dir := filepath.Join("..", "..", "testdata", "arxiv-api", "arxivpy-golden-2026")
	return func(w http.ResponseWriter, r *http.Request) {
		ids := r.URL.Query().Get("id_list")
		cs.mu.Lock()
		cs.arxivCalls = append(cs.arxivCalls, ids)
		stall := cs.arxivStall
		cs.mu.Unlock()
		if stall != nil {
			select {
			case <-stall:
			case <-r.Context().Done():
				return
			}
		}
		name := "id_0000.0000_s0_m100_8b51d9633a68.xml"
		if strings.Contains(ids, "2104.12255") {
			name = "id_2104.12255v1_s0_m100_6ae69987ffe1.xml"
		}
		body, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(body)
	}
}

// browser is one person's browser: a cookie jar, redirects not followed so
// tests see them.
type browser struct {
	t    *testing.T
	site *communitySite
	http *http.Client
}

func (cs *communitySite) browser(t *testing.T) *browser {
	jar, _ := cookiejar.New(nil)
	return &browser{t: t, site: cs, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// reply is a response read whole.
type reply struct {
	Code   int
	Header http.Header
	Body   string
}

func (b *browser) do(method, path string, form url.Values, headers ...string) reply {
	b.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.site.url+path, body)
	if err != nil {
		b.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		// What a browser sends with a form of the same site.
		req.Header.Set("Origin", b.site.url)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	resp, err := b.http.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return reply{Code: resp.StatusCode, Header: resp.Header, Body: string(data)}
}

func (b *browser) get(path string, headers ...string) reply {
	return b.do("GET", path, nil, headers...)
}
func (b *browser) post(path string, form url.Values, headers ...string) reply {
	return b.do("POST", path, form, headers...)
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// csrf reads the form token from a page the browser gets.
func (b *browser) csrf() string {
	b.t.Helper()
	m := csrfRE.FindStringSubmatch(b.get("/settings").Body)
	if m == nil {
		b.t.Fatal("no CSRF token on /settings: not signed in?")
	}
	return m[1]
}

// signIn goes through the whole sign-in by mail and, for a new address,
// picks the username; it returns the account.
func (b *browser) signIn(email, name string) store.Account {
	b.t.Helper()
	before := len(b.site.smtp.Messages())
	if r := b.post("/signin", url.Values{"email": {email}}); r.Code != 200 || !strings.Contains(r.Body, "Check your inbox") {
		b.t.Fatalf("POST /signin = %d: %.300s", r.Code, r.Body)
	}
	msgs := b.site.waitMail(b.t, before+1, 10*time.Second)
	link := mailtest.LinkIn(b.t, msgs[len(msgs)-1], b.site.url+"/signin/confirm?token=")
	token := mustQuery(b.t, link, "token")
	page := b.get(strings.TrimPrefix(link, b.site.url))
	if page.Code != 200 || !strings.Contains(page.Body, `name="token" value="`+token+`"`) {
		b.t.Fatalf("GET sign-in link = %d: %.300s", page.Code, page.Body)
	}
	r := b.post("/signin/confirm", url.Values{"token": {token}})
	if r.Code != http.StatusSeeOther {
		b.t.Fatalf("POST /signin/confirm = %d: %.300s", r.Code, r.Body)
	}
	if strings.HasPrefix(r.Header.Get("Location"), "/welcome") {
		m := csrfRE.FindStringSubmatch(b.get("/welcome").Body)
		if m == nil {
			b.t.Fatal("no form on /welcome")
		}
		if w := b.post("/welcome", url.Values{"csrf": {m[1]}, "name": {name}}); w.Code != http.StatusSeeOther {
			b.t.Fatalf("POST /welcome = %d: %.300s", w.Code, w.Body)
		}
	}
	a, err := b.site.store.AccountByEmail(context.Background(), email)
	if err != nil {
		b.t.Fatal(err)
	}
	return a
}

func mustQuery(t *testing.T, link, key string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	return u.Query().Get(key)
}

// api calls the JSON API with a token.
func (cs *communitySite) api(t *testing.T, method, path, token string, body any) (int, map[string]any, http.Header) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, _ := json.Marshal(body)
		rd = strings.NewReader(string(data))
	}
	req, _ := http.NewRequest(method, cs.url+path, rd)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	var out map[string]any
	if len(data) > 0 && data[0] == '{' {
		if err := json.Unmarshal(data, &out); err != nil {
			t.Fatalf("%s %s: %v in %s", method, path, err, data)
		}
	}
	return resp.StatusCode, out, resp.Header
}

// account makes an account directly in the store, with an API token.
func (cs *communitySite) account(t *testing.T, name, role string) (store.Account, string) {
	t.Helper()
	ctx := context.Background()
	a, err := cs.store.CreateAccount(ctx, store.Account{Name: name, Email: name + "@example.org", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	token, err := cs.comm.CreateToken(ctx, a, "test")
	if err != nil {
		t.Fatal(err)
	}
	return a, token
}

// freshPapers stores papers whose first version is two days old, on no feed.
func (cs *communitySite) freshPapers(t *testing.T, ids ...string) {
	t.Helper()
	cs.papersAt(t, cs.clock.Now().Add(-48*time.Hour), ids...)
}

// papersAt stores papers first published at a time, on no feed.
func (cs *communitySite) papersAt(t *testing.T, at time.Time, ids ...string) {
	t.Helper()
	var items []store.Item
	for _, id := range ids {
		items = append(items, store.Item{Paper: paper.Paper{ID: id, Version: 1, Title: "Paper " + id, Abstract: "About " + id,
			Authors: []paper.Author{{Name: "Ada Lovelace"}}, PublishedAt: at, UpdatedAt: at,
			Versions: []paper.Version{{Version: 1, Date: at}}}})
	}
	if _, err := cs.store.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
}

// apiList gets a JSON array from the API.
func (cs *communitySite) apiList(t *testing.T, path string) (int, []map[string]any, http.Header) {
	t.Helper()
	resp, err := http.Get(cs.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	return resp.StatusCode, out, resp.Header
}

// mailtestLinkIn is the sign-in link of a mail.
func mailtestLinkIn(t *testing.T, cs *communitySite, r mailtest.Received) string {
	t.Helper()
	return mailtest.LinkIn(t, r, cs.url+"/signin/confirm?token=")
}
