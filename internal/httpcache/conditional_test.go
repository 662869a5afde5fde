package httpcache

import (
	"net/http/httptest"
	"testing"
)

func TestNotModified(t *testing.T) {
	const etag, modified = `"abc"`, "Wed, 25 Nov 2026 10:00:00 GMT"
	tests := []struct {
		inm, ims string
		want     bool
	}{
		{`"abc"`, "", true}, {`W/"abc"`, "", true}, {`"x", "abc"`, "", true}, {`*`, "", true},
		{`"abd"`, "", false}, {`abc`, "", false},
		{"", modified, true},
		{"", "Wed, 25 Nov 2026 10:00:01 GMT", true},
		{"", "Wed, 25 Nov 2026 09:59:59 GMT", false},
		{"", "yesterday", false},
		// If-None-Match decides alone when present (RFC 9110, 13.2.2).
		{`"abd"`, modified, false},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/", nil)
		if tt.inm != "" {
			r.Header.Set("If-None-Match", tt.inm)
		}
		if tt.ims != "" {
			r.Header.Set("If-Modified-Since", tt.ims)
		}
		if got := NotModified(r, etag, modified); got != tt.want {
			t.Errorf("If-None-Match %s, If-Modified-Since %q: NotModified = %v, want %v", tt.inm, tt.ims, got, tt.want)
		}
	}
	if NotModified(httptest.NewRequest("GET", "/", nil), etag, modified) {
		t.Error("a request without validators was answered as not modified")
	}
}
