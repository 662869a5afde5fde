package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/store"
)

// listPage is what templates/list.html shows: the papers of a day, an ISO
// week or a month, most upvoted first.
type listPage struct {
	basePage
	Period     period.Period
	Latest     bool // the home page, showing the latest feed day
	NothingYet bool // the site has no papers at all
	Cards      []card
	Start      int // rank of the first card, for <ol start>
	Pager      pager
	Prev, Next *navLink
	Views      []navLink // this period as a day, a week and a month
	PickDate   string    // the date picker's value
	Today      string    // the last day the picker offers
	Empty      bool
	Future     bool
	Nearest    []navLink // the nearest periods with papers, on an empty page
	// Within is a search of the period's papers (?q=), as Hugging Face's
	// week and month pages have; Matches says how many matched.
	Within  string
	Matches string
}

// navLink is a link in the period navigation.
type navLink struct {
	Href, Label string
	Current     bool
}

// kindInfo is how pages name each kind of period.
type kindInfo struct {
	path    string // in /papers/{path}/..., and the feed kind
	param   string // the route's wildcard
	noun    string // for error messages
	layout  string
	view    string // in the Day / Week / Month switch
	section string // the navigation item
}

// periodKinds lists the kinds of period in the order the switch shows them.
var periodKinds = []period.Kind{period.Day, period.Week, period.Month}

var kinds = map[period.Kind]kindInfo{
	period.Day:   {"date", "day", "date", "YYYY-MM-DD", "Day", "daily"},
	period.Week:  {"week", "week", "week", "YYYY-Www (an ISO week, like 2026-W05)", "Week", "weekly"},
	period.Month: {"month", "month", "month", "YYYY-MM", "Month", "monthly"},
}

func periodHref(p period.Period) string { return "/papers/" + kinds[p.Kind].path + "/" + p.String() }

// periodLabel names a period in a link from the period from: "Thu 20 Aug",
// "Week 33", "July 2026", with the year when it is not from's.
func periodLabel(p, from period.Period) string {
	y := ""
	if p.Start.Year() != from.Start.Year() {
		y = fmt.Sprintf(" %d", p.Start.Year())
	}
	switch p.Kind {
	case period.Week:
		_, w := p.Start.ISOWeek()
		return fmt.Sprintf("Week %d", w) + y
	case period.Month:
		return p.Start.Format("January 2006")
	}
	return p.Start.Format("Mon 2 Jan") + y
}

// latest shows the latest feed day, or, on a site without papers, says how
// to get some.
func (s *Server) latest(w http.ResponseWriter, r *http.Request) error {
	day, err := s.store.LatestDay(r.Context())
	if errors.Is(err, paper.ErrNotFound) {
		return s.showPeriod(w, r, period.Today(s.opts.Now(), s.opts.Location), true)
	}
	if err != nil {
		return err
	}
	p, err := period.ParseDay(day)
	if err != nil {
		return err
	}
	return s.showPeriod(w, r, p, true)
}

// period shows /papers/date/{day}, /papers/week/{week} or /papers/month/{month}.
func (s *Server) period(w http.ResponseWriter, r *http.Request) error {
	for _, kind := range periodKinds {
		arg := r.PathValue(kinds[kind].param)
		if arg == "" {
			continue
		}
		p, err := period.Parse(kind, arg)
		if err != nil {
			return badRequest("%q is not a %s: write it as %s.", arg, kinds[kind].noun, kinds[kind].layout)
		}
		return s.showPeriod(w, r, p, false)
	}
	return missing("There is no page at %s.", r.URL.Path)
}

// currentPeriod sends /papers/week and /papers/month to the week or month
// of the latest feed day.
func (s *Server) currentPeriod(w http.ResponseWriter, r *http.Request) error {
	kind := period.Week
	if strings.HasSuffix(r.URL.Path, "/month") {
		kind = period.Month
	}
	at := period.Today(s.opts.Now(), s.opts.Location)
	day, err := s.store.LatestDay(r.Context())
	if err == nil {
		at, err = period.ParseDay(day)
	}
	if err != nil && !errors.Is(err, paper.ErrNotFound) {
		return err
	}
	http.Redirect(w, r, periodHref(period.Of(kind, at.Start)), http.StatusFound)
	return nil
}

func (s *Server) showPeriod(w http.ResponseWriter, r *http.Request, p period.Period, latest bool) error {
	ctx := r.Context()
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	within := store.CleanQuery(r.URL.Query().Get("q"))
	var es []store.DayEntry
	var matches string
	var terms []string // the query's words, highlighted on every card
	if within != "" {
		es, terms, matches, err = s.searchPeriod(ctx, p, within, page)
	} else {
		es, err = s.store.Entries(ctx, store.ListQuery{From: p.From(), To: p.To(), Limit: perPage + 1, Offset: page * perPage})
	}
	if err != nil {
		return err
	}
	if page > 0 && len(es) == 0 {
		return pastTheEnd(page)
	}
	more := len(es) > perPage
	es = es[:min(len(es), perPage)]
	today := period.Today(s.opts.Now(), s.opts.Location)
	lp := listPage{
		basePage: s.base(r, "Daily Papers — "+p.Title()),
		Period:   p, Latest: latest, Cards: entryCards(es, p.Kind != period.Day), Start: page*perPage + 1,
		Pager: newPager(r, nil, page, more), PickDate: p.From(), Today: today.From(),
		Empty: len(es) == 0, Future: p.After(today), Within: within, Matches: matches,
	}
	if within != "" {
		for i := range lp.Cards {
			lp.Cards[i].Terms = terms
		}
		lp.Pager = newPager(r, url.Values{"q": {within}}, page, more)
		lp.NoIndex = true // a search, as /papers?q= is
	}
	lp.Section = kinds[p.Kind].section
	lp.Math = cardsHaveTeX(lp.Cards)
	lp.Description = fmt.Sprintf("Research papers of %s, ranked by the community's upvotes.", p.Title())
	lp.Feeds = alternates(kinds[p.Kind].path, p.String())
	if latest {
		lp.Feeds = alternates("latest", "")
		lp.Title = "Daily Papers"
	}
	lp.Views = periodViews(p)
	if err := s.periodLinks(ctx, &lp, today); err != nil {
		return err
	}
	if within != "" {
		lp.Title = within + " — " + p.Title() + " — Daily Papers"
		lp.keepSearch()
	}
	if err := s.complete(r, lp.Cards); err != nil {
		return err
	}
	return s.render(w, "list.html", &lp)
}

// periodViews links the day, the week and the month of p, marking p's kind.
func periodViews(p period.Period) []navLink {
	var out []navLink
	for _, k := range periodKinds {
		out = append(out, navLink{Href: periodHref(period.Of(k, p.Start)), Label: kinds[k].view, Current: k == p.Kind})
	}
	return out
}

// periodLinks fills in previous and next, and on an empty page the nearest
// periods that have papers. Days, weeks and months alike step to the nearest
// period with papers, skipping empty weekends, holidays and quiet weeks, as
// the empty page's links do; never past today.
func (s *Server) periodLinks(ctx context.Context, lp *listPage, today period.Period) error {
	p := lp.Period
	before, after, err := s.adjacentDays(ctx, p)
	if err != nil {
		return err
	}
	if lp.Latest && lp.Empty && before == "" && after == "" {
		lp.NothingYet = true
		return nil
	}
	link := func(q period.Period) *navLink { return &navLink{Href: periodHref(q), Label: periodLabel(q, p)} }
	if q, err := period.ParseDay(before); err == nil {
		lp.Prev = link(period.Of(p.Kind, q.Start))
	}
	if q, err := period.ParseDay(after); err == nil && !q.After(today) {
		lp.Next = link(period.Of(p.Kind, q.Start))
	}
	if !lp.Empty || lp.Within != "" {
		return nil // an empty search is no empty period
	}
	for i, d := range []string{before, after} {
		if q, err := period.ParseDay(d); err == nil {
			q = period.Of(p.Kind, q.Start)
			label := [2]string{"← Earlier: ", "Later: "}[i] + q.Title() + [2]string{"", " →"}[i]
			lp.Nearest = append(lp.Nearest, navLink{Href: periodHref(q), Label: label})
		}
	}
	return nil
}

// keepSearch carries the period's search to the earlier and later periods
// and to the day, week and month views, so that stepping through weeks
// keeps looking for the same thing.
func (lp *listPage) keepSearch() {
	q := "?" + url.Values{"q": {lp.Within}}.Encode()
	for _, l := range []*navLink{lp.Prev, lp.Next} {
		if l != nil {
			l.Href += q
		}
	}
	for i := range lp.Views {
		lp.Views[i].Href += q
	}
}

// AllHref is the period's page without its search.
func (lp *listPage) AllHref() string { return periodHref(lp.Period) }

// adjacentDays returns the nearest feed days with papers before and after
// the period; either is "" when there is none.
func (s *Server) adjacentDays(ctx context.Context, p period.Period) (before, after string, err error) {
	before, after, err = s.store.AdjacentDays(ctx, p.From())
	if err != nil || p.From() == p.To() {
		return before, after, err
	}
	_, after, err = s.store.AdjacentDays(ctx, p.To())
	return before, after, err
}

// Eyebrow is the line above the page's heading.
func (lp *listPage) Eyebrow() string {
	if lp.Latest {
		return "Latest papers"
	}
	return "Papers of the " + strings.ToLower(kinds[lp.Period.Kind].view)
}

// Count says how many papers the page shows, and in what order.
func (lp *listPage) Count() string {
	if lp.Within != "" {
		return lp.Matches + ", best match first"
	}
	if lp.Pager.Paged() {
		return fmt.Sprintf("Page %d, most upvoted first", lp.Pager.Page+1)
	}
	return plural.Count(len(lp.Cards), "paper") + ", most upvoted first"
}

// EmptyMessage says why the page has no papers.
func (lp *listPage) EmptyMessage() string {
	in := map[period.Kind]string{period.Day: "on", period.Week: "in", period.Month: "in"}[lp.Period.Kind]
	if lp.Future {
		return fmt.Sprintf("No papers yet: %s is in the future.", lp.Period.Title())
	}
	if lp.Within != "" {
		return fmt.Sprintf("No papers %s %s match “%s”.", in, lp.Period.Title(), lp.Within)
	}
	return fmt.Sprintf("No papers %s %s.", in, lp.Period.Title())
}

// NearestNoun names the periods the empty page points to: days, weeks or months.
func (lp *listPage) NearestNoun() string { return strings.ToLower(kinds[lp.Period.Kind].view) + "s" }

// searchPeriod finds the papers on the feed in p that match the query,
// best match first, one page of them and one more, with the query's words
// and how many matched.
func (s *Server) searchPeriod(ctx context.Context, p period.Period, text string, page int) ([]store.DayEntry, []string, string, error) {
	res, err := s.store.Search(ctx, store.SearchQuery{
		Text: text, FeedFrom: p.From(), FeedTo: p.To(), Limit: perPage + 1, Offset: page * perPage, Count: true,
	})
	if err != nil {
		return nil, nil, "", err
	}
	var es []store.DayEntry
	var terms []string
	for _, h := range res.Hits {
		if h.Entry != nil { // always: the search keeps papers on the feed
			es, terms = append(es, *h.Entry), h.Terms
		}
	}
	return es, terms, matchCount(res.Total, res.TotalIsLowerBound), nil
}
