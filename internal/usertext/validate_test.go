package usertext

import (
	"errors"
	"strings"
	"testing"
)

func TestValidate(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string // "" for valid
	}{
		{"plain", "Nice paper!", ""},
		{"markdown", "**Figure 3** contradicts `eq. 2`", ""},
		{"max length", strings.Repeat("a", 10_000), ""},
		{"max length in runes not bytes", strings.Repeat("é", 10_000), ""},
		{"empty", "", "comment is empty"},
		{"spaces", " \t\n\r\n ", "comment is empty"},
		{"too long", strings.Repeat("a", 10_001), "comment is longer than 10,000 characters"},
		{"too long in runes", strings.Repeat("é", 10_001), "comment is longer than 10,000 characters"},
		{"nul", "a\x00b", "comment contains a NUL character"},
		{"invalid utf-8", "a\xffb", "comment is not valid text (it is not UTF-8)"},
	}
	r := NewRenderer()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := r.Validate(tt.in)
			checkInvalid(t, err, tt.wantErr)
		})
	}
}

// checkInvalid checks that err is nil when wantErr is "", and otherwise
// wraps ErrInvalid with exactly the text wantErr.
func checkInvalid(t *testing.T, err error, wantErr string) {
	t.Helper()
	switch {
	case wantErr == "" && err != nil:
		t.Errorf("got error %q, want none", err)
	case wantErr == "":
	case err == nil:
		t.Errorf("got no error, want %q", wantErr)
	case !errors.Is(err, ErrInvalid):
		t.Errorf("error %q does not wrap ErrInvalid", err)
	case err.Error() != wantErr:
		t.Errorf("error = %q, want %q", err, wantErr)
	}
}
