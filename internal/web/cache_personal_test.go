package web_test

import (
	"compress/gzip"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// cachedSite is a community site whose response cache runs, as in serve.
func cachedSite(t *testing.T, dsn string) *communitySite {
	t.Helper()
	cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	go cs.site.Run(ctx)
	return cs
}

// submitted puts a fresh paper on the feed through the API.
func (cs *communitySite) submitted(t *testing.T, id, token string) {
	t.Helper()
	cs.freshPapers(t, id)
	if code, out, _ := cs.api(t, "POST", "/api/papers/submit", token, map[string]string{"paper_id": id}); code != 201 {
		t.Fatalf("submit %s = %d %v", id, code, out)
	}
}

// cachedGet asks for path until the cache answers it, and returns that answer.
func (b *browser) cachedGet(path string, headers ...string) reply {
	b.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		r := b.get(path, headers...)
		if r.Code != 200 {
			b.t.Fatalf("GET %s = %d", path, r.Code)
		}
		if r.Header.Get("X-Cache") == "hit" {
			return r
		}
		if time.Now().After(deadline) {
			b.t.Fatalf("GET %s is never served from the cache (X-Cache %q)", path, r.Header.Get("X-Cache"))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestCacheSkipsOnlyTheSession: a cookie that is not the session's (an
// analytics script's, a proxy's) does not cost a request the cache; the
// session cookie does, and its page is the viewer's own.
func TestCacheSkipsOnlyTheSession(t *testing.T) {
	cs := cachedSite(t, storetest.DSN(t, "sqlite"))
	_, adaTok := cs.account(t, "ada", store.RoleUser)
	cs.submitted(t, "2104.90001", adaTok)
	const path = "/papers/2104.90001"

	anon := cs.browser(t)
	anon.cachedGet(path)
	r := anon.get(path, "Cookie", "_ga=GA1.2.345.678; theme=dark")
	if got := r.Header.Get("X-Cache"); got != "hit" {
		t.Errorf("with an analytics cookie: X-Cache %q, want hit", got)
	}
	if strings.Contains(r.Body, "Sign out") {
		t.Error("an anonymous page offers to sign out")
	}

	bob := cs.browser(t)
	bob.signIn("bob@example.org", "bob")
	for _, extra := range [][]string{nil, {"Cookie", "_ga=GA1.2.345.678"}} {
		r := bob.get(path, extra...)
		if got := r.Header.Get("X-Cache"); got != "" {
			t.Errorf("signed in (extra %q): X-Cache %q, want the cache skipped", extra, got)
		}
		if !strings.Contains(r.Body, "Sign out") || !strings.Contains(r.Body, "bob") {
			t.Errorf("signed in (extra %q): the page is not bob's", extra)
		}
	}
	if r := anon.get(path, "Authorization", "Bearer "+adaTok); r.Header.Get("X-Cache") != "" {
		t.Errorf("with Authorization: X-Cache %q, want the cache skipped", r.Header.Get("X-Cache"))
	}
}

// TestCacheRefusedGzip: a client that refuses gzip (gzip;q=0) gets the plain
// page even when the cache holds the gzipped one, and a client that takes
// gzip gets gzip that decodes to the page.
func TestCacheRefusedGzip(t *testing.T) {
	cs := cachedSite(t, storetest.DSN(t, "sqlite"))
	_, adaTok := cs.account(t, "ada", store.RoleUser)
	cs.submitted(t, "2104.90001", adaTok)
	b := cs.browser(t)
	for _, path := range []string{"/papers/2104.90001", "/api/papers/2104.90001"} {
		zipped := b.cachedGet(path, "Accept-Encoding", "gzip")
		if zipped.Header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s with gzip: Content-Encoding %q", path, zipped.Header.Get("Content-Encoding"))
		}
		zr, err := gzip.NewReader(strings.NewReader(zipped.Body))
		if err != nil {
			t.Fatal(err)
		}
		page, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		for _, refusal := range []string{"gzip;q=0", "gzip; q=0.000, deflate", "*;q=0", "br, gzip;q=0, *"} {
			r := b.cachedGet(path, "Accept-Encoding", refusal)
			if enc := r.Header.Get("Content-Encoding"); enc != "" {
				t.Errorf("%s with %q: Content-Encoding %q", path, refusal, enc)
			}
			if r.Body != string(page) {
				t.Errorf("%s with %q: the body is not the page", path, refusal)
			}
		}
	}
}
