package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/period"
)

// forYouPage is /papers/for-you: the viewer's picks of a period.
type forYouPage struct {
	basePage
	Period       period.Period
	Prev, Next   *navLink
	Views        []navLink
	SignedIn     bool
	Enough       bool
	Positives    int
	MinPositives int
	Picks        []forYouCard
}

// forYouCard is a picked paper with why.
type forYouCard struct {
	Card   card
	Reason string
}

// forYouLimit is how many picks the page shows.
const forYouLimit = 30

// forYouHref is the For you page of a period.
func forYouHref(p period.Period) string {
	return "/papers/for-you/" + kinds[p.Kind].path + "/" + p.String()
}

// forYou serves /papers/for-you (this week in the site's zone) and
// /papers/for-you/{kind}/{arg}. Anonymous readers get a page saying what
// it is and how to sign in (200: it is a page, not an API). The page is
// personal: the session middleware marks it private.
func (s *Server) forYou(w http.ResponseWriter, r *http.Request) error {
	p := period.Of(period.Week, period.Today(s.opts.Now(), s.opts.Location).Start)
	if kind, arg := r.PathValue("kind"), r.PathValue("arg"); kind != "" {
		var err error
		if p, err = parseForYouPeriod(kind, arg); err != nil {
			return err
		}
	}
	fp := forYouPage{basePage: s.base(r, "For you — "+p.Title()+" — Daily Papers"), Period: p, MinPositives: foryou.MinPositives}
	fp.NoIndex = true
	fp.Section = "foryou"
	fp.Prev = &navLink{Href: forYouHref(p.Prev()), Label: periodLabel(p.Prev(), p)}
	if today := period.Today(s.opts.Now(), s.opts.Location); !p.Next().After(today) {
		fp.Next = &navLink{Href: forYouHref(p.Next()), Label: periodLabel(p.Next(), p)}
	}
	for _, k := range periodKinds {
		fp.Views = append(fp.Views, navLink{Href: forYouHref(period.Of(k, p.Start)), Label: kinds[k].view, Current: k == p.Kind})
	}
	_, a, err := signedIn(r)
	if err != nil {
		return s.render(w, "foryou.html", &fp)
	}
	fp.SignedIn = true
	l, err := s.forYouSvc.ForYou(r.Context(), a.ID, p, forYouLimit)
	if err != nil {
		return err
	}
	fp.Enough, fp.Positives = l.Enough, l.Positives
	if err := s.forYouCards(r, &fp, l.Picks); err != nil {
		return err
	}
	return s.render(w, "foryou.html", &fp)
}

// parseForYouPeriod reads /papers/for-you/{date|week|month}/{arg}.
func parseForYouPeriod(kind, arg string) (period.Period, error) {
	for _, k := range periodKinds {
		if kinds[k].path != kind {
			continue
		}
		p, err := period.Parse(k, arg)
		if err != nil {
			return p, badRequest("%q is not a %s: write it as %s.", arg, kinds[k].noun, kinds[k].layout)
		}
		return p, nil
	}
	return period.Period{}, missing("There is no page at /papers/for-you/%s.", kind)
}

// forYouCards reads the picked papers and the titles they are like.
func (s *Server) forYouCards(r *http.Request, fp *forYouPage, picks []foryou.Pick) error {
	shown, err := s.forYouSvc.Show(r.Context(), picks)
	if err != nil {
		return err
	}
	cards := make([]card, len(shown))
	for i, sh := range shown {
		cards[i] = card{Paper: sh.Entry.Paper, ShowDay: true}
		if sh.Entry.Entry.Day != "" {
			cards[i] = entryCard(sh.Entry)
		}
	}
	if err := s.complete(r, cards); err != nil {
		return err
	}
	for i, c := range cards {
		fp.Picks = append(fp.Picks, forYouCard{Card: c, Reason: shown[i].Reason})
	}
	fp.Math = cardsHaveTeX(cards)
	return nil
}
