package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

var canonicalRE = regexp.MustCompile(`<link rel="canonical" href="([^"]+)"`)

// TestForwardedSchemeAndCache: the scheme of absolute links comes from
// X-Forwarded-Proto only behind a trusted proxy, and the response cache
// keeps a page per scheme, so one request cannot decide the links every
// later reader gets.
func TestForwardedSchemeAndCache(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := store.Open(ctx, storetest.DSN(t, "sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	at := time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC)
	if _, err := s.Import(ctx, []store.Item{{Paper: paper.Paper{ID: "2608.00001", Title: "First paper", PublishedAt: at},
		Entry: &paper.Entry{Day: "2026-08-21", SubmittedAt: at, Upvotes: 1}}}); err != nil {
		t.Fatal(err)
	}
	serve := func(trusted []netip.Prefix) *httptest.Server {
		site, err := web.New(s, slog.New(slog.DiscardHandler), web.Options{TrustedProxies: trusted})
		if err != nil {
			t.Fatal(err)
		}
		go site.Run(ctx)
		srv := httptest.NewServer(site.Handler())
		t.Cleanup(srv.Close)
		waitForCache(t, srv.URL+"/papers/date/2026-08-21?warm")
		return srv
	}
	canonical := func(srv *httptest.Server, path, proto string) string {
		t.Helper()
		req, _ := http.NewRequest("GET", srv.URL+path, nil)
		if proto != "" {
			req.Header.Set("X-Forwarded-Proto", proto)
			req.Header.Set("X-Forwarded-For", "203.0.113.9")
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var b strings.Builder
		if _, err := io.Copy(&b, resp.Body); err != nil {
			t.Fatal(err)
		}
		m := canonicalRE.FindStringSubmatch(b.String())
		if m == nil {
			t.Fatalf("GET %s: no canonical link", path)
		}
		return m[1]
	}

	exposed := serve(nil)
	path := "/papers/date/2026-08-21"
	if got := canonical(exposed, path, "https"); !strings.HasPrefix(got, "http://") {
		t.Errorf("a forged X-Forwarded-Proto from an untrusted peer made the link %s", got)
	}
	if got := canonical(exposed, path, ""); !strings.HasPrefix(got, "http://") {
		t.Errorf("after a forged X-Forwarded-Proto, the next reader's link is %s", got)
	}

	behind := serve([]netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")})
	path = "/papers/date/2026-08-21?behind"
	if got := canonical(behind, path, "https"); !strings.HasPrefix(got, "https://") {
		t.Errorf("behind a trusted proxy saying https the link is %s", got)
	}
	if got := canonical(behind, path, ""); !strings.HasPrefix(got, "http://") {
		t.Errorf("a plain request after an https one got the cached link %s", got)
	}
	if got := canonical(behind, path, "https"); !strings.HasPrefix(got, "https://") {
		t.Errorf("an https request after a plain one got the link %s", got)
	}
}

// waitForCache asks for a page until the response cache answers it, which
// it does once the server's Run has read the data version.
func waitForCache(t *testing.T, u string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.Header.Get("X-Cache") == "hit" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the response cache never answered")
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSigninLimitBehindProxy: behind a trusted proxy the per-network
// sign-in limit counts each client apart (X-Forwarded-For), and a client
// that writes X-Forwarded-For itself, to a server that trusts no proxy,
// still shares its bucket with itself.
func TestSigninLimitBehindProxy(t *testing.T) {
	lim := generous
	lim.SigninPerIP.Burst = 3
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, lim)
	proxied := func(trusted []netip.Prefix) string { return cs.serve(t, trusted) }
	signin := func(base, email, xff string) int {
		t.Helper()
		req, _ := http.NewRequest("POST", base+"/signin", strings.NewReader(url.Values{"email": {email}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.Header.Set("X-Forwarded-For", xff)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	behind := proxied([]netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")})
	for i := range 4 {
		// Four people behind the proxy, one request each: none is limited.
		if code := signin(behind, "p"+string(rune('a'+i))+"@example.org", "203.0.113."+string(rune('1'+i))); code != 200 {
			t.Errorf("person %d behind the proxy = %d, want 200", i+1, code)
		}
	}
	for i := range 4 {
		// One person behind the proxy, four requests: the fourth is limited.
		code := signin(behind, "q"+string(rune('a'+i))+"@example.org", "198.51.100.7")
		if want := []int{200, 200, 200, 429}[i]; code != want {
			t.Errorf("request %d of one client behind the proxy = %d, want %d", i+1, code, want)
		}
	}
	exposed := proxied(nil)
	for i := range 4 {
		// One client forging a new X-Forwarded-For each time.
		code := signin(exposed, "r"+string(rune('a'+i))+"@example.org", "192.0.2."+string(rune('1'+i)))
		if want := []int{200, 200, 200, 429}[i]; code != want {
			t.Errorf("forged request %d = %d, want %d", i+1, code, want)
		}
	}
}

// serve starts another server of the site's community and digest, behind
// the trusted proxies, and returns its URL.
func (cs *communitySite) serve(t *testing.T, trusted []netip.Prefix) string {
	w, err := web.New(cs.store, slog.New(slog.DiscardHandler), web.Options{BaseURL: cs.url, Location: newYork(), Now: cs.clock.Now,
		Community: cs.comm, Digest: cs.digest, TrustedProxies: trusted})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}
