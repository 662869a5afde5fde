package usertext

import (
	"strings"
	"testing"
)

func TestEmail(t *testing.T) {
	const errBare = "enter just the email address, like name@example.com"
	long := strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com" // 254
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"bob@example.com", "bob@example.com", ""},
		{"  Bob.Smith+papers@Example.COM\n", "Bob.Smith+papers@example.com", ""},
		{"a@b.co", "a@b.co", ""},
		{long, long, ""},
		{long + "m", "", "email address is longer than 254 characters"},
		{"", "", "email address is empty"},
		{" \t", "", "email address is empty"},
		{"bob@example.com\r\nBcc: victim@example.com", "", "email address cannot contain line breaks"},
		{"bob\n@example.com", "", "email address cannot contain line breaks"},
		{"Bob <bob@example.com>", "", errBare},
		{"<bob@example.com>", "", errBare},
		{`"Bob" <bob@example.com>`, "", errBare},
		{"bob@example.com (Bob)", "", errBare},
		{"bob@example.com, eve@example.com", "", errBare},
		{`"bob smith"@example.com`, "", errBare},
		{"bob", "", errBare},
		{"bob@", "", errBare},
		{"@example.com", "", errBare},
		{"bob@@example.com", "", errBare},
		{"bob@localhost", "", "email address must end in a domain name, like name@example.com"},
		{"bob@[127.0.0.1]", "", "email address must end in a domain name, like name@example.com"},
		{"bob@example..com", "", errBare},
		{"bob@-example.com", "", "email address must end in a domain name, like name@example.com"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Email(tt.in)
			checkInvalid(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Email(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
