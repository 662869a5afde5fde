package web

import (
	"context"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/store"
)

// rankBadge is "#1 Paper of the week" on a card or a paper page, linked to
// the week's page, where the paper is listed first.
type rankBadge struct{ Label, Href string }

// badgeKinds are the periods a paper can be first of, the largest first:
// a paper first of its month is called that, not first of its day.
var badgeKinds = []period.Kind{period.Month, period.Week, period.Day}

// feedPeriods are the periods of the kinds holding the entry's feed day;
// none for a day that does not parse.
func feedPeriods(e *paper.Entry) []period.Period {
	day, err := period.ParseDay(e.Day)
	if err != nil {
		return nil
	}
	out := make([]period.Period, len(badgeKinds))
	for i, k := range badgeKinds {
		out[i] = period.Of(k, day.Start)
	}
	return out
}

func spanOf(p period.Period) store.DaySpan { return store.DaySpan{From: p.From(), To: p.To()} }

// rankBadges finds, for the papers of the entries, the largest period of
// their feed day they are ranked first in, as the period's list ranks
// them (by upvotes now, so a badge may move while its period's votes do).
// Papers first of nothing are absent.
func (s *Server) rankBadges(ctx context.Context, es []*paper.Entry) (map[string]*rankBadge, error) {
	var spans []store.DaySpan
	seen := make(map[store.DaySpan]bool)
	for _, e := range es {
		for _, p := range feedPeriods(e) {
			if sp := spanOf(p); !seen[sp] {
				seen[sp] = true
				spans = append(spans, sp)
			}
		}
	}
	if len(spans) == 0 {
		return nil, nil
	}
	firsts, err := s.store.Firsts(ctx, spans)
	if err != nil {
		return nil, err
	}
	out := make(map[string]*rankBadge)
	for _, e := range es {
		for _, p := range feedPeriods(e) {
			if firsts[spanOf(p)] == e.PaperID {
				out[e.PaperID] = &rankBadge{Label: "#1 Paper of the " + string(p.Kind), Href: periodHref(p)}
				break
			}
		}
	}
	return out, nil
}

// complete fills in what cards show beyond their entries: the #1 badges,
// the same for everyone, and for a signed-in viewer what they upvoted and
// saved (personalize).
func (s *Server) complete(r *http.Request, lists ...[]card) error {
	var es []*paper.Entry
	for _, cs := range lists {
		for _, c := range cs {
			if c.Entry != nil {
				es = append(es, c.Entry)
			}
		}
	}
	badges, err := s.rankBadges(r.Context(), es)
	if err != nil {
		return err
	}
	for _, cs := range lists {
		for i := range cs {
			cs[i].Badge = badges[cs[i].Paper.ID]
		}
	}
	return s.personalize(r, lists...)
}
