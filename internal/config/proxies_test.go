package config

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestTrustedProxies: --trusted-proxies and DAILYPAPERS_TRUSTED_PROXIES
// take comma-separated CIDRs (a bare address is itself alone); anything
// else stops the start.
func TestTrustedProxies(t *testing.T) {
	env := map[string]string{"DAILYPAPERS_TRUSTED_PROXIES": "10.0.0.0/8, 127.0.0.1 ,fd00::/8"}
	c, err := parse(t, env, true)
	if err != nil {
		t.Fatal(err)
	}
	want := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("fd00::/8")}
	if diff := cmp.Diff(want, c.TrustedProxies, cmp.Comparer(func(a, b netip.Prefix) bool { return a == b })); diff != "" {
		t.Errorf("from the environment (-want +got):\n%s", diff)
	}
	c, err = parse(t, env, true, "--trusted-proxies", "192.168.1.7/16")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.TrustedProxies) != 1 || c.TrustedProxies[0] != netip.MustParsePrefix("192.168.0.0/16") {
		t.Errorf("the flag wins: %v", c.TrustedProxies)
	}
	if c, err := parse(t, nil, true); err != nil || len(c.TrustedProxies) != 0 {
		t.Errorf("by default no proxy is trusted: %v, %v", c.TrustedProxies, err)
	}
	for _, bad := range []string{"10.0.0.0/33", "proxy.example.org", "10.0.0.0/8;11.0.0.0/8"} {
		if _, err := parse(t, nil, true, "--trusted-proxies", bad); err == nil || !strings.Contains(err.Error(), "trusted-proxies") {
			t.Errorf("--trusted-proxies %q: err = %v, want one naming the setting", bad, err)
		}
	}
}
