package ratelimit

import "net/netip"

// NetworkKey is the key a client address is limited by: an IPv4 address
// as it is, an IPv6 address by its /64, which one customer line usually
// gets whole (counting each of its addresses apart would give one person
// 2^64 allowances). Anything else is its own key.
func NetworkKey(ip string) string {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return ip
	}
	addr = addr.Unmap()
	if addr.Is4() {
		return addr.String()
	}
	p, _ := addr.Prefix(64)
	return p.String()
}
