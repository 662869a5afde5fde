package ratelimit

import "testing"

func TestNetworkKey(t *testing.T) {
	for ip, want := range map[string]string{
		"203.0.113.9":          "203.0.113.9",
		"::ffff:203.0.113.9":   "203.0.113.9",
		"2001:db8:1:2:3:4:5:6": "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff::1": "2001:db8:1:2::/64",
		"2001:db8:1:3::1":      "2001:db8:1:3::/64",
		"unknown":              "unknown",
	} {
		if got := NetworkKey(ip); got != want {
			t.Errorf("NetworkKey(%q) = %q, want %q", ip, got, want)
		}
	}
}
