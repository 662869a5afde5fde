package period

import (
	"errors"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

func TestParse(t *testing.T) {
	tests := []struct {
		kind               Kind
		in, from, to, name string
		prev, next         string
	}{
		{Day, "2026-11-27", "2026-11-27", "2026-11-27", "2026-11-27", "2026-11-26", "2026-11-28"},
		{Day, "2024-02-29", "2024-02-29", "2024-02-29", "2024-02-29", "2024-02-28", "2024-03-01"},
		{Week, "2026-W48", "2026-11-23", "2026-11-29", "2026-W48", "2026-W47", "2026-W49"},
		{Week, "2026-W01", "2025-12-29", "2026-01-04", "2026-W01", "2025-W52", "2026-W02"},
		{Week, "2020-W53", "2020-12-28", "2021-01-03", "2020-W53", "2020-W52", "2021-W01"},
		{Month, "2026-11", "2026-11-01", "2026-11-30", "2026-11", "2026-10", "2026-12"},
		{Month, "2024-02", "2024-02-01", "2024-02-29", "2024-02", "2024-01", "2024-03"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.kind, tt.in)
		if err != nil {
			t.Fatalf("Parse(%s, %q): %v", tt.kind, tt.in, err)
		}
		if p.From() != tt.from || p.To() != tt.to || p.String() != tt.name || p.Prev().String() != tt.prev || p.Next().String() != tt.next {
			t.Errorf("%s: from %s to %s name %s prev %s next %s", tt.in, p.From(), p.To(), p, p.Prev(), p.Next())
		}
	}
}

func TestParseRejects(t *testing.T) {
	for _, c := range []struct {
		kind Kind
		in   string
	}{
		{Day, "2026-13-01"}, {Day, "2026-02-30"}, {Day, "26-11-27"}, {Day, "2026-11-27x"}, {Day, ""}, {Day, "<script>"},
		{Week, "2026-W00"}, {Week, "2026-W54"}, {Week, "2021-W53"}, {Week, "2026W48"}, {Week, "2026-48"},
		{Month, "2026-00"}, {Month, "2026-13"}, {Month, "2026-1"}, {Month, "0000-01"},
	} {
		if _, err := Parse(c.kind, c.in); !errors.Is(err, paper.ErrInvalid) {
			t.Errorf("Parse(%s, %q) = %v, want ErrInvalid", c.kind, c.in, err)
		}
	}
}

func TestToday(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	now := time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC) // 22:00 on the 26th in New York
	if got := Today(now, ny).String(); got != "2026-11-26" {
		t.Errorf("Today = %s, want 2026-11-26", got)
	}
	if got := Of(Week, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)).Title(); got != "Week 48 of 2026 (23 Nov – 29 Nov)" {
		t.Errorf("week title = %q", got)
	}
}
