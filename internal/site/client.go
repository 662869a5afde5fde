package site

import (
	"context"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// client is who made a request, as far as the site can tell: the address
// rate limits count by and the scheme absolute links use.
type client struct {
	ip     netip.Addr
	scheme string
}

type clientKey struct{}

// maxForwardedHops bounds how much of X-Forwarded-For is read: every input
// has a size.
const maxForwardedHops = 32

// Proxies wraps next so that every handler below it learns the client's
// address and scheme through ClientIP and Scheme. X-Forwarded-For and
// X-Forwarded-Proto are honoured only on requests whose TCP peer is in
// trusted: anyone else can send them. X-Forwarded-For is read from the
// right, skipping the trusted proxies' own hops; the first address no
// trusted proxy owns is the client.
func Proxies(trusted []netip.Prefix, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c := resolve(trusted, r)
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), clientKey{}, c)))
	})
}

// resolve finds the client of r.
func resolve(trusted []netip.Prefix, r *http.Request) client {
	c := client{ip: peer(r), scheme: "http"}
	if r.TLS != nil {
		c.scheme = "https"
	}
	if !contains(trusted, c.ip) {
		return c
	}
	for _, hop := range forwardedFor(r.Header) {
		ip, err := netip.ParseAddr(hop)
		if err != nil {
			break // a proxy we trust wrote garbage: keep the last good hop
		}
		c.ip = ip.Unmap()
		if !contains(trusted, c.ip) {
			break
		}
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	if p := strings.ToLower(strings.TrimSpace(proto)); p == "http" || p == "https" {
		c.scheme = p
	}
	return c
}

// forwardedFor lists the hops of the X-Forwarded-For headers nearest
// first (from the right), at most maxForwardedHops of them: those nearest
// to us are the ones that matter, and the rest is not even split.
func forwardedFor(h http.Header) []string {
	var hops []string
	values := h.Values("X-Forwarded-For")
	for i := len(values) - 1; i >= 0; i-- {
		rest := values[i]
		for len(hops) < maxForwardedHops {
			comma := strings.LastIndexByte(rest, ',')
			hops = append(hops, strings.TrimSpace(rest[comma+1:]))
			if comma < 0 {
				break
			}
			rest = rest[:comma]
		}
	}
	return hops
}

// peer is the TCP peer's address.
func peer(r *http.Request) netip.Addr {
	ap, err := netip.ParseAddrPort(r.RemoteAddr)
	if err == nil {
		return ap.Addr().Unmap()
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	ip, _ := netip.ParseAddr(host)
	return ip.Unmap()
}

func contains(prefixes []netip.Prefix, ip netip.Addr) bool {
	for _, p := range prefixes {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}

// of returns the client of r: the one Proxies found, or, on a request that
// did not pass through Proxies, the TCP peer with no header trusted.
func of(r *http.Request) client {
	if c, ok := r.Context().Value(clientKey{}).(client); ok {
		return c
	}
	return resolve(nil, r)
}

// ClientIP is the address of the person who made the request: the one
// function rate limits and records of consent take it from.
func ClientIP(r *http.Request) string {
	c := of(r)
	if !c.ip.IsValid() {
		return "unknown"
	}
	return c.ip.String()
}

// Scheme is "https" or "http": how the client reached the site.
func Scheme(r *http.Request) string { return of(r).scheme }
