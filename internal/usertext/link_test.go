package usertext

import (
	"strings"
	"testing"
)

func TestLinkURL(t *testing.T) {
	const (
		errHTTPS = "links must start with https://"
		errChars = "links cannot contain spaces, quotes, angle brackets or control characters"
		errHost  = "link must name a host, like https://github.com/…"
	)
	long := "https://example.com/" + strings.Repeat("a", 480)
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"", "", ""},
		{"   ", "", ""},
		{"https://github.com/dailypapers/dailypapers", "https://github.com/dailypapers/dailypapers", ""},
		{" https://GitHub.com/Owner/Repo \n", "https://github.com/Owner/Repo", ""},
		{"HTTPS://example.org", "https://example.org", ""},
		{"https://example.org/a b", "", errChars},
		{"https://proj.example.io:8443/x?y=1#z", "https://proj.example.io:8443/x?y=1#z", ""},
		{"https://example.com/%E2%9C%93", "https://example.com/%E2%9C%93", ""},
		{"https://example.com/✓", "https://example.com/%E2%9C%93", ""},
		{"https://bücher.example/", "https://xn--bcher-kva.example/", ""},
		{"https://gіthub.com/", "https://xn--gthub-n2e.com/", ""}, // Cyrillic і
		{"https://ＥＸＡＭＰＬＥ.com/", "https://example.com/", ""},
		{long, long, ""},
		{long + "a", "", "link is longer than 500 characters"},
		{"https://example.com/" + strings.Repeat("é", 480), "", "link is longer than 500 characters"},
		{"https://example.com/" + strings.Repeat("%C3%A9", 80), "https://example.com/" + strings.Repeat("%C3%A9", 80), ""},
		{"http://github.com/a/b", "", errHTTPS},
		{"github.com/a/b", "", errHTTPS},
		{"//github.com/a/b", "", errHTTPS},
		{"javascript:alert(1)", "", errHTTPS},
		{"https:github.com", "", errHTTPS},
		{"ftp://example.com", "", errHTTPS},
		{"https://user:pw@example.com/", "", "links cannot contain a user name or password"},
		{"https://github.com@evil.example/", "", "links cannot contain a user name or password"},
		{"https://localhost/", "", errHost},
		{"https:///path", "", errHost},
		{"https://example..com/", "", errHost},
		{"https://-example.com/", "", errHost},
		{"https://exa_mple.com/", "", errHost},
		{"https://example.com./", "", errHost},
		{"https://[::1]/", "", errHost},
		{"https://exa\tmple.com/", "", errChars},
		{"https://example.com/\x00", "", errChars},
		{"https://example.com/\u200b", "", errChars},
		{"https://moc.elpmaxe\u202e/", "", errChars},
		{"https://1.2.3.4/", "", errHost},
		{"https://0x7f.1/", "", errHost},
		{"https://0%80.A", "", errHost}, // found by FuzzLinkURL
		{"https://example.123/", "", errHost},
		{"https://example.com/\"onmouseover=\"x", "", errChars},
		{"https://example.com/<b>", "", errChars},
		{"https://example.com/\xff", "", errChars},
		{"https://example.com:port/", "", "link is not a valid URL"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := LinkURL(tt.in)
			checkInvalid(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("LinkURL(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
