package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSubmitWhileArxivStalls: with arXiv answering nothing, the submit form
// answers at once with the paper's page, which says the paper is being
// fetched and refreshes itself; once arXiv answers, the page is the paper's
// on the feed. A paper arXiv does not know fails with the reason, and its
// submitter (not others) may retry.
func TestSubmitWhileArxivStalls(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		stall := make(chan struct{})
		cs.mu.Lock()
		cs.arxivStall = stall
		cs.mu.Unlock()
		ada, bob, anon := cs.browser(t), cs.browser(t), cs.browser(t)
		ada.signIn("ada@example.org", "ada")
		bob.signIn("bob@example.org", "bob")

		start := time.Now()
		r := ada.post("/submit", url.Values{"csrf": {ada.csrf()}, "paper_id": {"https://arxiv.org/abs/2104.12255v1"}})
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("the submission took %v while arXiv stalled", took)
		}
		if r.Code != 303 || r.Header.Get("Location") != "/papers/2104.12255?submitted=1" {
			t.Fatalf("POST /submit while arXiv stalls = %d %s: %.300s", r.Code, r.Header.Get("Location"), r.Body)
		}
		for _, b := range []*browser{ada, anon} {
			page := b.get("/papers/2104.12255")
			if page.Code != 200 || !strings.Contains(page.Body, "Being fetched from arXiv") || !strings.Contains(page.Body, `data-refresh="4"`) ||
				!strings.Contains(page.Body, "refresh.js") || !strings.Contains(page.Body, `href="https://arxiv.org/abs/2104.12255"`) {
				t.Errorf("the page while arXiv stalls = %d: %.2000s", page.Code, page.Body)
			}
		}
		close(stall)
		deadline := time.Now().Add(20 * time.Second)
		for page := anon.get("/papers/2104.12255"); !strings.Contains(page.Body, `class="vote-panel"`); page = anon.get("/papers/2104.12255") {
			if time.Now().After(deadline) {
				t.Fatalf("the paper never reached the feed: %d %.1000s", page.Code, page.Body)
			}
			time.Sleep(50 * time.Millisecond)
		}

		// Bob submits it again: its day and a link to upvote it, not "too old".
		r = bob.post("/submit", url.Values{"csrf": {bob.csrf()}, "paper_id": {"2104.12255"}})
		if r.Code != 409 || !strings.Contains(r.Body, "already on the feed of 2021-04-27") || !strings.Contains(r.Body, `href="/papers/2104.12255">Upvote it on its page`) {
			t.Errorf("second submission = %d: %.2000s", r.Code, r.Body)
		}

		// A paper arXiv does not know: the reason, and a retry for ada only.
		r = ada.post("/submit", url.Values{"csrf": {ada.csrf()}, "paper_id": {"2104.00001"}})
		if r.Code != 404 || !strings.Contains(r.Body, "arXiv has no paper 2104.00001") {
			t.Errorf("submission of an unknown id = %d: %.1000s", r.Code, r.Body)
		}
		page := ada.get("/papers/2104.00001")
		if page.Code != 200 || !strings.Contains(page.Body, "did not go through:</strong> arXiv has no paper 2104.00001") || !strings.Contains(page.Body, `action="/papers/2104.00001/retry"`) {
			t.Errorf("ada's page of the failed fetch = %d: %.2000s", page.Code, page.Body)
		}
		if page := bob.get("/papers/2104.00001"); strings.Contains(page.Body, "/retry") {
			t.Errorf("bob is offered a retry of ada's submission")
		}
		if r := bob.post("/papers/2104.00001/retry", url.Values{"csrf": {bob.csrf()}}); r.Code != 403 {
			t.Errorf("bob's retry = %d, want 403", r.Code)
		}
		if r := ada.post("/papers/2104.00001/retry", url.Values{}); r.Code != 403 {
			t.Errorf("a retry without the CSRF token = %d, want 403", r.Code)
		}
		if r := ada.post("/papers/2104.00001/retry", url.Values{"csrf": {ada.csrf()}}); r.Code != 303 || r.Header.Get("Location") != "/papers/2104.00001" {
			t.Errorf("ada's retry = %d %s", r.Code, r.Header.Get("Location"))
		}
		// arXiv is asked again, and still lacks it.
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			f, err := cs.store.PaperFetch(context.Background(), "2104.00001")
			if err == nil && f.State == store.FetchFailed {
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("the retried fetch: %+v, %v", f, err)
			}
		}
	})
}

// TestSubmitOffers: the page of an arXiv id the site lacks links to arXiv
// and offers to fetch it, unless its id says it is too old (0901.1234 is from
// January 2009), which is said before anything is fetched.
func TestSubmitOffers(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	ada, anon := cs.browser(t), cs.browser(t)
	ada.signIn("ada@example.org", "ada")

	page := ada.get("/papers/2104.00009")
	if page.Code != 404 || !strings.Contains(page.Body, `href="https://arxiv.org/abs/2104.00009"`) ||
		!strings.Contains(page.Body, `<input type="hidden" name="paper_id" value="2104.00009">`) || !strings.Contains(page.Body, "Fetch it from arXiv and submit it") {
		t.Errorf("page of an unknown recent id = %d: %.3000s", page.Code, page.Body)
	}
	if page := anon.get("/papers/2104.00009"); !strings.Contains(page.Body, `href="/signin?next=/papers/2104.00009"`) {
		t.Errorf("signed out, the page of an unknown id offers no sign-in: %.3000s", page.Body)
	}
	page = ada.get("/papers/0901.1234")
	if page.Code != 404 || !strings.Contains(page.Body, "cannot go on the daily feed: the daily feed takes papers whose first version is at most 14 days old; arXiv numbered this one in January 2009") ||
		strings.Contains(page.Body, "Fetch it from arXiv") {
		t.Errorf("page of a 2009 id = %d: %.3000s", page.Code, page.Body)
	}
	r := ada.post("/submit", url.Values{"csrf": {ada.csrf()}, "paper_id": {"0901.1234"}})
	if r.Code != 403 || !strings.Contains(r.Body, "arXiv numbered this one in January 2009") {
		t.Errorf("submission of a 2009 id = %d: %.1000s", r.Code, r.Body)
	}

	// A stored paper too old for the feed says so instead of offering Submit;
	// a fresh one offers it.
	cs.papersAt(t, communityNow.AddDate(0, -2, 0), "2102.00001")
	cs.freshPapers(t, "2104.00002")
	page = ada.get("/papers/2102.00001")
	if !strings.Contains(page.Body, "This one cannot go on it: the daily feed takes papers whose first version is at most 14 days old") ||
		strings.Contains(page.Body, `href="/submit?id=2102.00001"`) {
		t.Errorf("page of a stored old paper: %.4000s", page.Body)
	}
	if page := ada.get("/papers/2104.00002"); !strings.Contains(page.Body, `href="/submit?id=2104.00002"`) {
		t.Errorf("page of a stored fresh paper offers no Submit: %.4000s", page.Body)
	}
	cs.mu.Lock()
	defer cs.mu.Unlock()
	if len(cs.arxivCalls) != 0 {
		t.Errorf("arXiv was asked %v", cs.arxivCalls)
	}
}

// TestAPISubmitWhileArxivStalls: the API answers 202, being fetched, while
// arXiv stalls, and the paper's entry once it answers.
func TestAPISubmitWhileArxivStalls(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	stall := make(chan struct{})
	cs.mu.Lock()
	cs.arxivStall = stall
	cs.mu.Unlock()
	_, tok := cs.account(t, "ada", "user")
	code, out, _ := cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.12255"})
	if code != 202 || out["state"] != "fetching" || out["paper_id"] != "2104.12255" || out["url"] != "/papers/2104.12255" {
		t.Errorf("POST /api/papers/submit while arXiv stalls = %d %v", code, out)
	}
	close(stall)
	deadline := time.Now().Add(20 * time.Second)
	for {
		code, out, _ := cs.api(t, "GET", "/api/papers/2104.12255", tok, nil)
		if code == 200 && out["submittedOnDailyAt"] != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET /api/papers/2104.12255 = %d %v", code, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
