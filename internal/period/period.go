// Package period names the spans of feed days that pages, feeds and the API
// show: a day (2026-11-27), an ISO week (2026-W48) and a month (2026-11).
// Days are civil dates in the site's time zone; a Period holds them as
// midnight UTC, so arithmetic on them never meets daylight saving time.
package period

import (
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Kind is the length of a period.
type Kind string

// The kinds of period.
const (
	Day   Kind = "day"
	Week  Kind = "week"
	Month Kind = "month"
)

// Period is a span of feed days, Start and End inclusive.
type Period struct {
	Kind       Kind
	Start, End time.Time
}

var (
	dayRE   = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	weekRE  = regexp.MustCompile(`^(\d{4})-W(\d{2})$`)
	monthRE = regexp.MustCompile(`^(\d{4})-(\d{2})$`)
)

// ParseDay parses YYYY-MM-DD.
func ParseDay(s string) (Period, error) {
	t, err := time.Parse(paper.DayLayout, s)
	if !dayRE.MatchString(s) || err != nil {
		return Period{}, fmt.Errorf("%q is not a day (YYYY-MM-DD): %w", s, paper.ErrInvalid)
	}
	return Period{Kind: Day, Start: t, End: t}, nil
}

// ParseWeek parses an ISO week, YYYY-Www (weeks start on Monday; week 1
// holds the year's first Thursday).
func ParseWeek(s string) (Period, error) {
	m := weekRE.FindStringSubmatch(s)
	if m == nil {
		return Period{}, fmt.Errorf("%q is not an ISO week (YYYY-Www): %w", s, paper.ErrInvalid)
	}
	year, _ := strconv.Atoi(m[1])
	week, _ := strconv.Atoi(m[2])
	start := weekStart(year, week)
	if y, w := start.ISOWeek(); week < 1 || y != year || w != week {
		return Period{}, fmt.Errorf("%q: %d has no week %d: %w", s, year, week, paper.ErrInvalid)
	}
	return Period{Kind: Week, Start: start, End: start.AddDate(0, 0, 6)}, nil
}

// weekStart is the Monday of ISO week w of year y.
func weekStart(y, w int) time.Time {
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC) // always in week 1
	monday := jan4.AddDate(0, 0, -((int(jan4.Weekday()) + 6) % 7))
	return monday.AddDate(0, 0, 7*(w-1))
}

// ParseMonth parses YYYY-MM.
func ParseMonth(s string) (Period, error) {
	m := monthRE.FindStringSubmatch(s)
	if m == nil {
		return Period{}, fmt.Errorf("%q is not a month (YYYY-MM): %w", s, paper.ErrInvalid)
	}
	year, _ := strconv.Atoi(m[1])
	month, _ := strconv.Atoi(m[2])
	if month < 1 || month > 12 || year < 1 {
		return Period{}, fmt.Errorf("%q is not a month (YYYY-MM): %w", s, paper.ErrInvalid)
	}
	start := time.Date(year, time.Month(month), 1, 0, 0, 0, 0, time.UTC)
	return Period{Kind: Month, Start: start, End: start.AddDate(0, 1, -1)}, nil
}

// Parse parses a period of the kind.
func Parse(k Kind, s string) (Period, error) {
	switch k {
	case Week:
		return ParseWeek(s)
	case Month:
		return ParseMonth(s)
	}
	return ParseDay(s)
}

// Of is the period of the kind holding day.
func Of(k Kind, day time.Time) Period {
	d := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, time.UTC)
	switch k {
	case Week:
		y, w := d.ISOWeek()
		start := weekStart(y, w)
		return Period{Kind: Week, Start: start, End: start.AddDate(0, 0, 6)}
	case Month:
		start := time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)
		return Period{Kind: Month, Start: start, End: start.AddDate(0, 1, -1)}
	}
	return Period{Kind: Day, Start: d, End: d}
}

// Today is the feed day it is now in the site's time zone.
func Today(now time.Time, loc *time.Location) Period {
	t := now.In(loc)
	return Of(Day, time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC))
}

// From and To are the first and last feed days, as the store takes them.
func (p Period) From() string { return p.Start.Format(paper.DayLayout) }

// To is the last feed day of the period.
func (p Period) To() string { return p.End.Format(paper.DayLayout) }

// String is the canonical name: 2026-11-27, 2026-W48 or 2026-11.
func (p Period) String() string {
	switch p.Kind {
	case Week:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case Month:
		return p.Start.Format("2006-01")
	}
	return p.From()
}

// Prev is the period of the same kind before p.
func (p Period) Prev() Period { return Of(p.Kind, p.Start.AddDate(0, 0, -1)) }

// Next is the period of the same kind after p.
func (p Period) Next() Period { return Of(p.Kind, p.End.AddDate(0, 0, 1)) }

// After reports whether p starts after the period q ends.
func (p Period) After(q Period) bool { return p.Start.After(q.End) }

// Title names the period for people: "Friday, 27 November 2026",
// "Week 48 of 2026 (23–29 November)", "November 2026".
func (p Period) Title() string {
	switch p.Kind {
	case Week:
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("Week %d of %d (%s – %s)", w, y, p.Start.Format("2 Jan"), p.End.Format("2 Jan"))
	case Month:
		return p.Start.Format("January 2006")
	}
	return p.Start.Format("Monday, 2 January 2006")
}
