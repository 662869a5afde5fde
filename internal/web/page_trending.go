package web

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// trendingPage is what templates/trending.html shows.
type trendingPage struct {
	basePage
	Cards   []card
	Start   int
	Pager   pager
	Formula string
	Days    int // the trending window in days
	// Span is the window ranked; zero on a site without papers.
	Span store.TrendingSpan
}

// Window says which days the page ranks: "the last 7 days (since Tue 18
// Aug)", or, on a site with nothing that recent, "the 7 days up to Fri 21
// Aug 2026, the latest with papers", never "the last 7 days" over papers
// of August in December.
func (tp *trendingPage) Window() string {
	if tp.Span.From == "" {
		return fmt.Sprintf("the last %d days", tp.Days)
	}
	from, _ := time.Parse(paper.DayLayout, tp.Span.From)
	if !tp.Span.Anchored {
		return fmt.Sprintf("the last %d days (since %s)", tp.Days, from.Format("Mon 2 Jan"))
	}
	to, _ := time.Parse(paper.DayLayout, tp.Span.To)
	return fmt.Sprintf("the %d days up to %s, the latest with papers", tp.Days, to.Format("Mon 2 Jan 2006"))
}

// trending ranks recent papers by paper.TrendingScore and says how.
func (s *Server) trending(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	span, err := s.store.TrendingSpan(r.Context(), s.opts.Now())
	if err != nil && !errors.Is(err, paper.ErrNotFound) {
		return err
	}
	ts, err := s.store.Trending(r.Context(), s.opts.Now(), perPage+1, page*perPage)
	if err != nil {
		return err
	}
	if page > 0 && len(ts) == 0 {
		return pastTheEnd(page)
	}
	site.MovesWithClock(w.Header(), s.opts.Now())
	more := len(ts) > perPage
	ts = ts[:min(len(ts), perPage)]
	tp := trendingPage{
		basePage: s.base(r, "Trending papers — Daily Papers"),
		Start:    page*perPage + 1, Pager: newPager(r, nil, page, more),
		Formula: paper.TrendingFormula, Days: int(paper.TrendingWindow.Hours() / 24), Span: span,
	}
	for _, t := range ts {
		c := entryCard(t.DayEntry)
		c.Score = t.Score
		tp.Cards = append(tp.Cards, c)
	}
	tp.Section = "trending"
	tp.Description = "Papers of " + tp.Window() + ", ranked by upvotes and age; the formula is on the page."
	tp.Feeds = alternates("trending", "")
	tp.Math = cardsHaveTeX(tp.Cards)
	if err := s.complete(r, tp.Cards); err != nil {
		return err
	}
	return s.render(w, "trending.html", &tp)
}
