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
