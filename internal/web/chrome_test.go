package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestErrorMessagesCapitalised: a message the domain writes in lower case
// (for the API's JSON, and to follow a colon) starts with a capital letter
// where a page shows it on its own, while the API keeps its wording.
func TestErrorMessagesCapitalised(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		r := b.post("/signin/confirm", url.Values{"token": {"forged"}})
		if r.Code != 400 || !strings.Contains(r.Body, "This sign-in link is not valid") {
			t.Errorf("forged sign-in link = %d: %.300s", r.Code, r.Body)
		}
		code, body, _ := cs.api(t, "POST", "/api/papers/2104.90001/upvote", "not-a-token", nil)
		if msg, _ := body["error"].(string); code != 401 || !strings.HasPrefix(msg, "a valid API token") {
			t.Errorf("API with an unknown token = %d %v", code, body)
		}
	})
}

// TestSubscribeIndexable: /subscribe is for search engines, with a meta
// description and a canonical address; the pages of a subscription's links
// are not.
func TestSubscribeIndexable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		r := b.get("/subscribe?email=ada@example.org")
		if r.Code != 200 || strings.Contains(r.Body, `name="robots"`) {
			t.Errorf("/subscribe = %d, noindex: %v", r.Code, strings.Contains(r.Body, `name="robots"`))
		}
		if !strings.Contains(r.Body, `<meta name="description" content="Get the day&#39;s or the week&#39;s top research papers by email`) ||
			!strings.Contains(r.Body, `<link rel="canonical" href="`+cs.url+`/subscribe">`) {
			t.Errorf("/subscribe has no description or canonical address: %.600s", r.Body)
		}
		if r := b.get("/subscribe/confirm?token=x"); !strings.Contains(r.Body, `<meta name="robots" content="noindex">`) {
			t.Errorf("a confirmation page is indexable: %d", r.Code)
		}
	})
}
