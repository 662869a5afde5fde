package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestAuthorClaims: the whole life of authorship claims through the pages
// and the API. A full name grants nothing; a claim filed beside an author's
// name waits on /moderation; an approved one marks the author and their
// comments, gives link rights, shows in the API and on the profile; a
// rejected claim is filed again once with a note; a second verified author
// of one name is refused; a withdrawn claim loses its rights.
func TestAuthorClaims(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		ctx := context.Background()
		const id = "2104.90001"
		at := cs.clock.Now().Add(-48 * time.Hour)
		if _, err := cs.store.Import(ctx, []store.Item{{Paper: paper.Paper{ID: id, Version: 1, Title: "Engines", Abstract: "About engines",
			Authors:     []paper.Author{{Name: "Ada Lovelace"}, {Name: "Charles Babbage"}},
			PublishedAt: at, UpdatedAt: at, Versions: []paper.Version{{Version: 1, Date: at}}}}}); err != nil {
			t.Fatal(err)
		}
		_, subTok := cs.account(t, "sub", store.RoleUser)
		if code, out, _ := cs.api(t, "POST", "/api/papers/submit", subTok, map[string]string{"paper_id": id}); code != 201 {
			t.Fatalf("submit = %d %v", code, out)
		}

		// Today's rights by name are gone.
		ada := cs.browser(t)
		adaAcct := ada.signIn("ada@example.org", "lovelace")
		ada.post("/settings/profile", url.Values{"csrf": {ada.csrf()}, "fullname": {"Ada Lovelace"}})
		if r := ada.post("/papers/"+id+"/links", url.Values{"csrf": {ada.csrf()}, "page": {"https://ada.example/"}}); r.Code != http.StatusForbidden {
			t.Errorf("links by full name alone = %d, want 403", r.Code)
		}

		// Ada claims from the button beside her name.
		page := ada.get("/papers/" + id)
		if !strings.Contains(page.Body, `name="author" value="Ada Lovelace"`) || !strings.Contains(page.Body, "I am this author") {
			t.Fatalf("paper page has no claim button beside the author")
		}
		if strings.Contains(cs.browser(t).get("/papers/"+id).Body, "I am this author") {
			t.Errorf("claim buttons shown to an anonymous reader")
		}
		if r := ada.post("/papers/"+id+"/claim", url.Values{"author": {"Ada Lovelace"}}); r.Code != http.StatusForbidden {
			t.Errorf("claim without the form token = %d, want 403", r.Code)
		}
		if r := ada.post("/papers/"+id+"/claim", url.Values{"csrf": {ada.csrf()}, "author": {"Ada Lovelace"}}); r.Code != http.StatusSeeOther {
			t.Fatalf("claim = %d", r.Code)
		}
		if page := ada.get("/papers/" + id); !strings.Contains(page.Body, "waiting for a curator") || strings.Contains(page.Body, "I am this author") {
			t.Errorf("paper page does not show the pending claim, or still offers to claim")
		}
		if r := ada.post("/papers/"+id+"/claim", url.Values{"csrf": {ada.csrf()}, "author": {"Charles Babbage"}}); r.Code != http.StatusConflict || !strings.Contains(r.Body, "already claimed") {
			t.Errorf("a second claim on one paper = %d, want 409 with the reason", r.Code)
		}

		// Eve claims the same name through the API.
		_, eveTok := cs.account(t, "eve", store.RoleUser)
		if code, _, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", "", map[string]string{"author": "Ada Lovelace"}); code != http.StatusUnauthorized {
			t.Errorf("API claim without a token = %d, want 401", code)
		}
		if code, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": "Grace Hopper"}); code != http.StatusBadRequest {
			t.Errorf("API claim of an unlisted name = %d %v, want 400", code, out)
		}
		code, eveClaim, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": " Ada  Lovelace "})
		if code != http.StatusCreated || eveClaim["status"] != "pending" || eveClaim["author"] != "Ada Lovelace" {
			t.Fatalf("API claim = %d %v", code, eveClaim)
		}

		// The curator's queue: both claims, each with its competitor.
		cs.store.CreateAccount(ctx, store.Account{Name: "cora", Email: "cora@example.org", Role: store.RoleCurator})
		cora := cs.browser(t)
		cora.signIn("cora@example.org", "")
		mod := cora.get("/moderation")
		if mod.Code != 200 || strings.Count(mod.Body, "claims to be <strong>Ada Lovelace</strong>") != 2 || !strings.Contains(mod.Body, "1 other claim on this name") {
			t.Fatalf("moderation page = %d, lacks the two competing claims", mod.Code)
		}
		eveID := eveClaim["id"].(string)
		adaClaim, err := cs.store.ClaimOf(ctx, id, adaAcct.ID)
		if err != nil {
			t.Fatal(err)
		}
		if r := ada.post("/moderation/claims/"+eveID+"/reject", url.Values{"csrf": {ada.csrf()}, "reason": {"mine"}}); r.Code != http.StatusForbidden {
			t.Errorf("a user deciding a claim = %d, want 403", r.Code)
		}
		if r := cora.post("/moderation/claims/"+eveID+"/reject", url.Values{"csrf": {cora.csrf()}}); r.Code != http.StatusBadRequest {
			t.Errorf("a rejection without a reason = %d, want 400", r.Code)
		}
		if r := cora.post("/moderation/claims/"+eveID+"/reject", url.Values{"csrf": {cora.csrf()}, "reason": {"not on arXiv's listing"}}); r.Code != http.StatusSeeOther {
			t.Errorf("reject = %d", r.Code)
		}
		if r := cora.post("/moderation/claims/"+strconv.FormatInt(adaClaim.ID, 10)+"/approve", url.Values{"csrf": {cora.csrf()}}); r.Code != http.StatusSeeOther {
			t.Errorf("approve = %d", r.Code)
		}
		audit, _ := cs.store.AuditLog(ctx, 10)
		if len(audit) < 2 || audit[0].Action != "claim.approve" || audit[1].Action != "claim.reject" || audit[1].Detail != "not on arXiv's listing" || audit[0].Actor != "cora" {
			t.Errorf("audit log = %+v", audit)
		}

		// Ada is a verified author: marked, with link rights, on her
		// profile, and her comment makes the author participating.
		page = cs.browser(t).get("/papers/" + id)
		if !strings.Contains(page.Body, `<a class="verified-author" href="/u/lovelace"`) {
			t.Errorf("paper page lacks the verified author mark")
		}
		if r := ada.post("/papers/"+id+"/links", url.Values{"csrf": {ada.csrf()}, "page": {"https://ada.example/"}}); r.Code != http.StatusSeeOther {
			t.Errorf("links by the verified author = %d", r.Code)
		}
		if profile := cs.browser(t).get("/u/lovelace"); !strings.Contains(profile.Body, "Verified author of") || !strings.Contains(profile.Body, `href="/papers/`+id+`"`) {
			t.Errorf("profile does not list the paper")
		}
		_, detail, _ := cs.api(t, "GET", "/api/papers/"+id, "", nil)
		if detail["isAuthorParticipating"] != false {
			t.Errorf("isAuthorParticipating before any comment = %v", detail["isAuthorParticipating"])
		}
		first := detail["authors"].([]any)[0].(map[string]any)
		if first["status"] != "claimed_verified" || first["user"].(map[string]any)["name"] != "lovelace" {
			t.Errorf("API author = %v, want lovelace verified", first)
		}
		if second := detail["authors"].([]any)[1].(map[string]any); second["user"] != nil {
			t.Errorf("API's unclaimed author = %v", second)
		}
		if r := ada.post("/papers/"+id+"/comments", url.Values{"csrf": {ada.csrf()}, "body": {"Author here."}}); r.Code != http.StatusSeeOther {
			t.Fatalf("comment = %d", r.Code)
		}
		if page := cs.browser(t).get("/papers/" + id); !strings.Contains(page.Body, `<a class="who" href="/u/lovelace">lovelace</a> <span class="verified-author">`) {
			t.Errorf("the author's comment lacks the mark")
		}
		_, detail, _ = cs.api(t, "GET", "/api/papers/"+id, "", nil)
		_, daily, _ := cs.apiList(t, "/api/daily_papers?date=2021-04-27")
		if detail["isAuthorParticipating"] != true || len(daily) != 1 || daily[0]["isAuthorParticipating"] != true {
			t.Fatalf("isAuthorParticipating after the author's comment: paper %v, daily %v", detail["isAuthorParticipating"], daily)
		}
		dailyAuthor := daily[0]["paper"].(map[string]any)["authors"].([]any)[0].(map[string]any)
		_, list, _ := cs.apiList(t, "/api/papers")
		listAuthor := list[0]["authors"].([]any)[0].(map[string]any)
		for where, au := range map[string]map[string]any{"daily_papers": dailyAuthor, "papers": listAuthor} {
			if au["status"] != "claimed_verified" {
				t.Errorf("/api/%s: first author %v, want lovelace verified", where, au)
			}
		}

		// Eve files again once, with a note the curator reads; her claim
		// cannot be approved while Ada holds the name.
		if code, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": "Charles Babbage"}); code != http.StatusBadRequest {
			t.Errorf("re-filing without a note = %d %v, want 400", code, out)
		}
		if code, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": "Ada Lovelace", "note": "n"}); code != http.StatusConflict {
			t.Errorf("claiming a verified name = %d %v, want 409", code, out)
		}
		if code, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": "Charles Babbage", "note": "I am Babbage, see my page"}); code != 201 || out["filings"] != float64(2) {
			t.Errorf("re-filing with a note = %d %v", code, out)
		}
		if mod := cora.get("/moderation"); !strings.Contains(mod.Body, "I am Babbage, see my page") || !strings.Contains(mod.Body, "not on arXiv&#39;s listing") {
			t.Errorf("moderation page lacks the note or the earlier reason")
		}
		if r := cora.post("/moderation/claims/"+eveID+"/reject", url.Values{"csrf": {cora.csrf()}, "reason": {"no"}}); r.Code != http.StatusSeeOther {
			t.Errorf("second reject = %d", r.Code)
		}
		if code, out, _ := cs.api(t, "POST", "/api/papers/"+id+"/claim", eveTok, map[string]string{"author": "Charles Babbage", "note": "again"}); code != http.StatusConflict {
			t.Errorf("a third filing = %d %v, want 409", code, out)
		}

		// Ada withdraws; her rights and marks go.
		if r := ada.post("/papers/"+id+"/claim/withdraw", url.Values{"csrf": {ada.csrf()}}); r.Code != http.StatusSeeOther {
			t.Fatalf("withdraw = %d", r.Code)
		}
		if r := ada.post("/papers/"+id+"/links", url.Values{"csrf": {ada.csrf()}, "page": {""}}); r.Code != http.StatusForbidden {
			t.Errorf("links after withdrawing = %d, want 403", r.Code)
		}
		if page := cs.browser(t).get("/papers/" + id); strings.Contains(page.Body, "verified-author") {
			t.Errorf("a withdrawn claim still marks the paper page")
		}
		if code, _, _ := cs.api(t, "DELETE", "/api/papers/"+id+"/claim", eveTok, nil); code != http.StatusNotFound {
			t.Errorf("withdrawing a rejected claim = %d, want 404", code)
		}
	})
}
