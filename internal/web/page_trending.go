package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
)

// trendingPage is what templates/trending.html shows.
type trendingPage struct {
	basePage
	Cards   []card
	Start   int
	Pager   pager
	Formula string
	Days    int // the trending window in days
}

// trending ranks recent papers by paper.TrendingScore and says how.
func (s *Server) trending(w http.ResponseWriter, r *http.Request) error {
	page, err := pageParam(r)
	if err != nil {
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
		Formula: paper.TrendingFormula, Days: int(paper.TrendingWindow.Hours() / 24),
	}
	for _, t := range ts {
		c := entryCard(t.DayEntry)
		c.Score = t.Score
		tp.Cards = append(tp.Cards, c)
	}
	tp.Section = "trending"
	tp.Description = "Papers of the last days ranked by upvotes and age; the formula is on the page."
	tp.Feeds = alternates("trending", "")
	tp.Math = cardsHaveTeX(tp.Cards)
	if err := s.personalize(r, tp.Cards); err != nil {
		return err
	}
	return s.render(w, "trending.html", &tp)
}
