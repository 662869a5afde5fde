package web_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSigninLimitFoldsMailbox: the per-address sign-in limit counts the
// mailbox: case variants and +tags of one address share its three mails.
func TestSigninLimitFoldsMailbox(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	for i, addr := range []string{"ada@example.org", "Ada@example.org", "ADA@Example.org", "aDa@example.org", "ada+x@example.org", "Ada+Y@EXAMPLE.ORG"} {
		r := b.post("/signin", url.Values{"email": {addr}})
		want := 200
		if i >= 3 {
			want = http.StatusTooManyRequests
		}
		if r.Code != want || (want == 429 && r.Header.Get("Retry-After") == "") {
			t.Errorf("sign-in %d (%s) = %d, Retry-After %q; want %d", i+1, addr, r.Code, r.Header.Get("Retry-After"), want)
		}
	}
	if n := len(cs.waitMail(t, 3, 10*time.Second)); n != 3 {
		t.Errorf("%d mails sent to one mailbox, want 3", n)
	}
}

// TestSubscribeLimits: /subscribe is limited per mailbox (+tags and case
// folded) and per network, with 429 and Retry-After, and no mail goes out
// past the limit.
func TestSubscribeLimits(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	b := cs.browser(t)
	subscribe := func(addr string) reply {
		t.Helper()
		return b.post("/subscribe", url.Values{"email": {addr}, "frequency": {"daily"}})
	}
	for i := range 6 {
		r := subscribe(fmt.Sprintf("Mallory+%d@example.org", i))
		want := 200
		if i >= 3 {
			want = http.StatusTooManyRequests
		}
		if r.Code != want || (want == 429 && (r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Too many"))) {
			t.Errorf("subscription %d to one mailbox = %d, Retry-After %q; want %d", i+1, r.Code, r.Header.Get("Retry-After"), want)
		}
	}
	if n := len(cs.waitMail(t, 3, 10*time.Second)); n != 3 {
		t.Errorf("%d confirmations mailed to one mailbox, want 3", n)
	}
	// Ten requests an hour from one network, refused ones included: six
	// are spent above.
	for i := range 5 {
		r := subscribe(fmt.Sprintf("person%d@example.org", i))
		want := 200
		if i >= 4 {
			want = http.StatusTooManyRequests
		}
		if r.Code != want {
			t.Errorf("subscription %d from one network = %d, want %d", i+7, r.Code, want)
		}
	}
}

// TestLimitsSharedByServers: two servers on one database (each with its
// own store handle, mail server and process state) share every limit: the
// sign-in mails of one address, and an account's votes.
func TestLimitsSharedByServers(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		lim := generous
		lim.Votes = ratelimit.Rule{Burst: 3, Per: time.Minute}
		one := newCommunitySite(t, dsn, community.DefaultRules, lim)
		two := newCommunitySite(t, dsn, community.DefaultRules, lim)
		for i, cs := range []*communitySite{one, two, one, two} {
			r := cs.browser(t).post("/signin", url.Values{"email": {"ada@example.org"}})
			if want := []int{200, 200, 200, 429}[i]; r.Code != want {
				t.Errorf("sign-in %d, on server %d = %d, want %d", i+1, i%2+1, r.Code, want)
			}
		}
		one.freshPapers(t, "2104.90001")
		_, tok := one.account(t, "bob", store.RoleUser)
		one.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
		for i, cs := range []*communitySite{one, two, one, two} {
			code, _, _ := cs.api(t, []string{"POST", "DELETE"}[i%2], "/api/papers/2104.90001/upvote", tok, nil)
			if want := []int{200, 200, 200, 429}[i]; code != want {
				t.Errorf("vote %d, on server %d = %d, want %d", i+1, i%2+1, code, want)
			}
		}
	})
}

// rawDB opens the test database by itself, to break it under a running
// site.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	driver, source := "pgx", dsn
	if path, ok := strings.CutPrefix(dsn, "sqlite:"); ok {
		driver, source = "sqlite", path
	}
	db, err := sql.Open(driver, source)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// TestServerFailuresSpendNoAllowance: a vote that fails because the
// database fails spends nothing of the voter's limit, and a limit whose
// counts cannot be read refuses (503) rather than allows.
func TestServerFailuresSpendNoAllowance(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		lim := generous
		lim.Votes = ratelimit.Rule{Burst: 3, Per: time.Minute}
		cs := newCommunitySite(t, dsn, community.DefaultRules, lim)
		cs.freshPapers(t, "2104.90001")
		_, tok := cs.account(t, "ada", store.RoleUser)
		cs.api(t, "POST", "/api/papers/submit", tok, map[string]string{"paper_id": "2104.90001"})
		db := rawDB(t, dsn)
		rename := func(from, to string) {
			t.Helper()
			if _, err := db.ExecContext(context.Background(), "ALTER TABLE "+from+" RENAME TO "+to); err != nil {
				t.Fatal(err)
			}
		}
		vote := func(i int) int {
			code, _, _ := cs.api(t, []string{"POST", "DELETE"}[i%2], "/api/papers/2104.90001/upvote", tok, nil)
			return code
		}

		rename("upvotes", "upvotes_away") // the votes cannot be written
		for i := range 5 {
			if code := vote(i); code != http.StatusInternalServerError {
				t.Errorf("vote %d with the votes table gone = %d, want 500", i+1, code)
			}
		}
		rename("upvotes_away", "upvotes")
		rename("rate_limits", "rate_limits_away") // the limits cannot be read
		for i := range 2 {
			if code := vote(i); code != http.StatusServiceUnavailable {
				t.Errorf("vote %d with the limits unreadable = %d, want 503", i+1, code)
			}
		}
		rename("rate_limits_away", "rate_limits")
		for i := range 4 {
			if code, want := vote(i), []int{200, 200, 200, 429}[i]; code != want {
				t.Errorf("vote %d once the database is back = %d, want %d", i+1, code, want)
			}
		}
	})
}
