package web

import "testing"

func TestMatchCount(t *testing.T) {
	tests := []struct {
		total int
		lower bool
		want  string
	}{
		{0, false, "0 papers match"},
		{1, false, "1 paper matches"},
		{123, false, "123 papers match"},
		{1234, false, "1,234 papers match"},
		{2000, true, "at least 2,000 papers match"},
	}
	for _, tt := range tests {
		if got := matchCount(tt.total, tt.lower); got != tt.want {
			t.Errorf("matchCount(%d, %v) = %q, want %q", tt.total, tt.lower, got, tt.want)
		}
	}
}
