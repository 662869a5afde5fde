package api

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/period"
)

// maxPage bounds p so that p×limit stays a sane offset.
const maxPage = 100_000

// intParam reads an integer parameter between lo and hi; absent is def.
func intParam(q url.Values, name string, def, lo, hi int) (int, error) {
	s := q.Get(name)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	switch {
	case err != nil:
		return 0, invalid("%s must be a whole number", name)
	case n < lo:
		return 0, invalid("%s must be at least %d", name, lo)
	case n > hi:
		return 0, invalid("%s must be at most %d", name, hi)
	}
	return n, nil
}

// periodParams are the parameters naming a period, with the form each takes.
var periodParams = []struct {
	name, layout string
	kind         period.Kind
}{
	{"date", "YYYY-MM-DD", period.Day},
	{"week", "YYYY-Www", period.Week},
	{"month", "YYYY-MM", period.Month},
}

// periodParam reads date, week or month (at most one): nil when none is
// given. A period that starts after today in the site's zone is an error:
// Hugging Face answers a future date with 400, not an empty list.
func periodParam(q url.Values, now time.Time, loc *time.Location) (*period.Period, error) {
	var found *period.Period
	var names []string
	for _, pp := range periodParams {
		s := strings.TrimSpace(q.Get(pp.name))
		if s == "" {
			continue
		}
		names = append(names, pp.name)
		p, err := period.Parse(pp.kind, s)
		if err != nil {
			return nil, invalid("%s must be %s", pp.name, pp.layout)
		}
		if p.After(period.Today(now, loc)) {
			return nil, invalid("%s %s is in the future", pp.name, s)
		}
		found = &p
	}
	if len(names) > 1 {
		return nil, invalid("give only one of date, week and month, not %s", strings.Join(names, " and "))
	}
	return found, nil
}
