package api_test

import (
	"net/http"
	"strings"
	"testing"
)

// testCORS: every /api/ answer, errors included, may be read by any page;
// preflight requests are answered.
func testCORS(t *testing.T, s site) {
	for _, path := range []string{"/api/daily_papers", "/api/daily_papers?limit=0", "/api/papers/2609.00001", "/api/papers/search?q=x", "/api/papers"} {
		r := get(t, s.url+path, "Origin", "https://elsewhere.example")
		if got := r.header.Get("Access-Control-Allow-Origin"); got != "*" {
			t.Errorf("GET %s (%d): Access-Control-Allow-Origin %q", path, r.code, got)
		}
		if got := r.header.Get("Access-Control-Expose-Headers"); !strings.Contains(got, "Link") {
			t.Errorf("GET %s: Access-Control-Expose-Headers %q, want Link", path, got)
		}
	}
	for _, path := range []string{"/api/daily_papers", "/api/papers/2506.19851"} {
		r := do(t, http.MethodOptions, s.url+path, "Origin", "https://elsewhere.example",
			"Access-Control-Request-Method", "GET", "Access-Control-Request-Headers", "authorization")
		h := r.header
		if r.code != http.StatusNoContent || h.Get("Access-Control-Allow-Origin") != "*" ||
			!strings.Contains(h.Get("Access-Control-Allow-Methods"), "GET") ||
			!strings.Contains(strings.ToLower(h.Get("Access-Control-Allow-Headers")), "authorization") {
			t.Errorf("OPTIONS %s = %d %v", path, r.code, h)
		}
	}
}
