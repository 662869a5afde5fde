package site

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

// TestProxies: X-Forwarded-For and X-Forwarded-Proto count only on
// requests from a trusted proxy; X-Forwarded-For is read from the right,
// past the trusted proxies' own hops, so what a client writes into it
// itself is never taken for its address.
func TestProxies(t *testing.T) {
	echo := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, ClientIP(r)+" "+Scheme(r)+" "+Origin("", r))
	})
	loopback := []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("10.0.0.0/8")}
	behind := httptest.NewServer(Proxies(loopback, echo))
	defer behind.Close()
	exposed := httptest.NewServer(Proxies(nil, echo))
	defer exposed.Close()
	elsewhere := httptest.NewServer(Proxies([]netip.Prefix{netip.MustParsePrefix("192.0.2.0/24")}, echo))
	defer elsewhere.Close()

	for _, c := range []struct {
		name  string
		srv   *httptest.Server
		xff   []string
		proto string
		want  string
	}{
		{"no proxy trusted", exposed, []string{"203.0.113.9"}, "https", "127.0.0.1 http"},
		{"the peer is not a trusted proxy", elsewhere, []string{"203.0.113.9"}, "https", "127.0.0.1 http"},
		{"a trusted proxy without headers", behind, nil, "", "127.0.0.1 http"},
		{"one trusted proxy", behind, []string{"203.0.113.9"}, "https", "203.0.113.9 https"},
		{"a forged hop is left of the real one", behind, []string{"198.51.100.1, 203.0.113.9"}, "https", "203.0.113.9 https"},
		{"trusted hops are skipped", behind, []string{"198.51.100.1, 203.0.113.9, 10.1.2.3"}, "http", "203.0.113.9 http"},
		{"several headers are one list", behind, []string{"198.51.100.1", "203.0.113.9, 10.1.2.3"}, "", "203.0.113.9 http"},
		{"IPv6 client", behind, []string{"2001:db8::1"}, "HTTPS", "2001:db8::1 https"},
		{"garbage from a trusted proxy stops the walk", behind, []string{"203.0.113.9, not-an-ip, 10.1.2.3"}, "", "10.1.2.3 http"},
		{"an unknown scheme is ignored", behind, []string{"203.0.113.9"}, "javascript", "203.0.113.9 http"},
		{"only the last 32 hops are read", behind, []string{"203.0.113.9" + strings.Repeat(", 10.0.0.1", 40)}, "", "10.0.0.1 http"},
	} {
		req, _ := http.NewRequest("GET", c.srv.URL, nil)
		for _, v := range c.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		if c.proto != "" {
			req.Header.Set("X-Forwarded-Proto", c.proto)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		host := req.URL.Host
		scheme := c.want[len(c.want)-5:]
		if scheme != "https" {
			scheme = "http"
		}
		if want := c.want + " " + scheme + "://" + host; string(body) != want {
			t.Errorf("%s: got %q, want %q", c.name, body, want)
		}
	}
}
