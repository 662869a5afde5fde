package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// A full name cannot hide characters, turn text around, or pass for
// someone else's username, whether chosen at sign-up or in settings; and
// "Submitted by" always shows the username beside the full name.
func TestFullNameRules(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.account(t, "ada", store.RoleUser)
		cs.account(t, "b0b", store.RoleUser)
		at := cs.clock.Now().Add(-48 * time.Hour)
		imported := store.Item{Paper: paper.Paper{ID: "2104.90009", Title: "Imported", PublishedAt: at},
			Entry:     &paper.Entry{Day: "2021-04-26", SubmittedAt: at, Submitter: "akhaliq"},
			Submitter: &paper.User{Name: "akhaliq", FullName: "AK"}}
		if _, err := cs.store.Import(ctx, []store.Item{imported}); err != nil {
			t.Fatal(err)
		}

		b := cs.browser(t)
		mallory := b.signIn("mallory@example.org", "mallory")
		csrf := b.csrf()
		refused := map[string]string{
			"zero-width space":          "Ada\u200bLovelace",
			"right-to-left override":    "\u202eecalevoL adA",
			"isolate":                   "Ada \u2067Lovelace",
			"another's username":        "ada",
			"in another case":           "ADA",
			"in Cyrillic letters":       "аdа",
			"with a zero for an o":      "bob",
			"an imported user's name":   "AKHALIQ",
			"a username between spaces": "  ada  ",
		}
		for what, name := range refused {
			if r := b.post("/settings/profile", url.Values{"csrf": {csrf}, "fullname": {name}}); r.Code != http.StatusBadRequest {
				t.Errorf("%s: full name %q = %d, want 400", what, name, r.Code)
			}
		}
		if a, err := cs.store.AccountByID(ctx, mallory.ID); err != nil || a.FullName != "" {
			t.Errorf("after refused full names: %q, %v; want none set", a.FullName, err)
		}
		for _, name := range []string{"Mallory", "MALL0RY", "Ada Lovelace", "Nguyễn Thị Minh", "محمد علي", ""} {
			if r := b.post("/settings/profile", url.Values{"csrf": {csrf}, "fullname": {name}}); r.Code != http.StatusSeeOther {
				t.Errorf("full name %q = %d, want accepted: %.300s", name, r.Code, r.Body)
			}
		}

		// At sign-up too.
		eve := cs.browser(t)
		if r := welcome(eve, "eve@example.org", "eve", "ada"); r.Code != http.StatusBadRequest {
			t.Errorf("sign-up with another's username as full name = %d, want 400", r.Code)
		}
		if r := welcome(eve, "eve@example.org", "eve", "Eve \u202e"); r.Code != http.StatusBadRequest {
			t.Errorf("sign-up with a bidi override in the full name = %d, want 400", r.Code)
		}

		// Submitted by: the full name and the username.
		cs.freshPapers(t, "2104.90001")
		carol, tok := cs.account(t, "carol", store.RoleUser)
		if err := cs.comm.SetFullName(ctx, carol, "Carol Smith"); err != nil {
			t.Fatal(err)
		}
		if code, body, _ := cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"}); code/100 != 2 {
			t.Fatalf("submit = %d %v", code, body)
		}
		want := `Submitted by <a href="/u/carol">Carol Smith <span class="username">(carol)</span></a>`
		for _, path := range []string{"/papers/2104.90001", "/u/carol"} {
			if body := b.get(path).Body; !strings.Contains(body, want) {
				t.Errorf("%s lacks %s", path, want)
			}
		}
		wantHF := `Submitted by <a class="hf-user" href="https://huggingface.co/akhaliq" rel="nofollow">AK <span class="username">(akhaliq)</span></a> on Hugging Face`
		if body := b.get("/papers/2104.90009").Body; !strings.Contains(body, wantHF) {
			t.Errorf("imported paper lacks %s", wantHF)
		}
	})
}

// welcome signs a new address in and picks a username and full name; it
// returns the answer to the choice.
func welcome(b *browser, email, name, fullName string) reply {
	b.t.Helper()
	before := len(b.site.smtp.Messages())
	b.post("/signin", url.Values{"email": {email}})
	msgs := b.site.waitMail(b.t, before+1, 10*time.Second)
	link := mailtest.LinkIn(b.t, msgs[len(msgs)-1], b.site.url+"/signin/confirm?token=")
	b.post("/signin/confirm", url.Values{"token": {mustQuery(b.t, link, "token")}})
	m := csrfRE.FindStringSubmatch(b.get("/welcome").Body)
	if m == nil {
		b.t.Fatal("no form on /welcome")
	}
	return b.post("/welcome", url.Values{"csrf": {m[1]}, "name": {name}, "fullname": {fullName}})
}

// An account registered under a Hugging Face submitter's username before
// the import is someone else: its profile does not list the imported
// person's paper, the paper shows the Hugging Face user, and the account may
// not set the paper's links.
func TestImportedSubmitterIsNotTheAccount(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		squatter, _ := cs.account(t, "akhaliq", store.RoleUser)
		if err := cs.comm.SetFullName(ctx, squatter, "Squatter"); err != nil {
			t.Fatal(err)
		}
		at := cs.clock.Now().Add(-48 * time.Hour)
		imported := store.Item{Paper: paper.Paper{ID: "2104.90009", Title: "Imported paper", PublishedAt: at},
			Entry:     &paper.Entry{Day: "2021-04-26", SubmittedAt: at, Submitter: "akhaliq"},
			Submitter: &paper.User{Name: "akhaliq", FullName: "AK"}}
		if _, err := cs.store.Import(ctx, []store.Item{imported}); err != nil {
			t.Fatal(err)
		}
		b := cs.browser(t)
		b.signIn("akhaliq@example.org", "akhaliq")
		if body := b.get("/u/akhaliq").Body; strings.Contains(body, "2104.90009") {
			t.Errorf("/u/akhaliq lists the imported person's paper")
		}
		page := b.get("/papers/2104.90009").Body
		if !strings.Contains(page, `href="https://huggingface.co/akhaliq"`) || strings.Contains(page, `Submitted by <a href="/u/akhaliq"`) {
			t.Errorf("paper page does not show the Hugging Face submitter apart from the account")
		}
		r := b.post("/papers/2104.90009/links", url.Values{"csrf": {b.csrf()}, "repo": {"https://github.com/squat/evil"}})
		if r.Code != http.StatusForbidden {
			t.Errorf("links set by the account named like the submitter = %d, want 403", r.Code)
		}
		if a, err := cs.store.AccountByID(ctx, squatter.ID); err != nil || a.FullName != "Squatter" {
			t.Errorf("account after the import = %+v, %v; want its own full name", a, err)
		}
	})
}
