package usertext

import "testing"

func TestUsername(t *testing.T) {
	const (
		errLength = "username must be 2 to 32 characters long"
		errStart  = "username must start with a letter or digit"
		errChars  = "username may contain only letters, digits, '-' and '_'"
	)
	tests := []struct {
		in      string
		want    string
		wantErr string
	}{
		{"ab", "ab", ""},
		{"AliceB", "AliceB", ""},
		{"  bob_42 ", "bob_42", ""},
		{"9lives", "9lives", ""},
		{"a-b_c", "a-b_c", ""},
		{"x-", "x-", ""},
		{"abcdefghijklmnopqrstuvwxyz012345", "abcdefghijklmnopqrstuvwxyz012345", ""},
		{"", "", errLength},
		{"a", "", errLength},
		{"abcdefghijklmnopqrstuvwxyz0123456", "", errLength},
		{"-ab", "", errStart},
		{"_ab", "", errStart},
		{".ab", "", errChars},
		{"a b", "", errChars},
		{"a.b", "", errChars},
		{"a@b", "", errChars},
		{"a/b", "", errChars},
		{"jösé", "", errChars},
		{"ééééééééééééééééééééé", "", errChars}, // 21 characters, 42 bytes
		{"аdmin", "", errChars},                 // Cyrillic а: looks like "admin"
		{"a\x00b", "", errChars},
		{"admin", "", `username "admin" is reserved`},
		{"Admin", "", `username "Admin" is reserved`},
		{"ROOT", "", `username "ROOT" is reserved`},
		{"u2", "u2", ""},
		{"papers", "", `username "papers" is reserved`},
		{"DailyPapers", "", `username "DailyPapers" is reserved`},
		{"undefined", "", `username "undefined" is reserved`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := Username(tt.in)
			checkInvalid(t, err, tt.wantErr)
			if got != tt.want {
				t.Errorf("Username(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}
