package web

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/search"
	"github.com/dailypapers/dailypapers/internal/store"
)

// searchPage is what templates/search.html shows.
type searchPage struct {
	basePage
	Category string // as typed: categories separated by spaces or commas
	From, To string
	Cards    []card
	Start    int
	Pager    pager
	Searched bool   // there was something to search for
	Sort     string // store.SortRelevance, SortNewest or SortUpvotes
	Matches  string // how many papers match: "123 papers match"
	// Also is what the search also looked for: abbreviations the papers
	// define and their long forms.
	Also []search.Expansion
}

// searchPerPage is how many results a search page shows; one more than it
// stays within the store's limit of 100 a query.
const searchPerPage = 50

// search answers /papers?q=...&category=...&from=...&to=...: whatever was
// typed is words to find, never a syntax error.
func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	sp := searchPage{Category: store.CleanQuery(q.Get("category")), From: q.Get("from"), To: q.Get("to")}
	sp.Query = store.CleanQuery(q.Get("q"))
	for _, d := range []string{sp.From, sp.To} {
		if _, err := period.ParseDay(d); d != "" && err != nil {
			return badRequest("%q is not a date: write it as YYYY-MM-DD.", d)
		}
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	sq := store.SearchQuery{
		Text: sp.Query, Categories: strings.FieldsFunc(sp.Category, func(r rune) bool { return r == ',' || r == ' ' }),
		From: sp.From, To: sp.To, Limit: searchPerPage + 1, Offset: page * searchPerPage, Sort: q.Get("sort"), Count: true,
	}
	sp.Sort = store.SortRelevance
	if sq.Sort == store.SortNewest || sq.Sort == store.SortUpvotes {
		sp.Sort = sq.Sort
	}
	var res store.SearchResult
	if sp.Query != "" {
		sp.Searched = true
		if res, err = s.store.Search(r.Context(), sq); err != nil {
			return err
		}
		sp.Matches = matchCount(res.Total, res.TotalIsLowerBound)
		sp.Also = res.Also
	}
	hits := res.Hits
	if page > 0 && len(hits) == 0 {
		return pastTheEnd(page)
	}
	more := len(hits) > searchPerPage
	for _, h := range hits[:min(len(hits), searchPerPage)] {
		c := card{Paper: h.Paper, Terms: h.Terms, ShowDay: true}
		if h.Entry != nil {
			c = entryCard(*h.Entry)
			c.Terms = h.Terms
		}
		sp.Cards = append(sp.Cards, c)
	}
	kept := url.Values{"q": {sp.Query}, "category": {sp.Category}, "from": {sp.From}, "to": {sp.To}}
	if sp.Sort != store.SortRelevance {
		kept.Set("sort", sp.Sort) // the next page keeps the order the reader chose
	}
	sp.Start, sp.Pager = page*searchPerPage+1, newPager(r, kept, page, more)
	sp.basePage = s.searchBase(r, sp.Query)
	sp.Math = cardsHaveTeX(sp.Cards)
	if err := s.complete(r, sp.Cards); err != nil {
		return err
	}
	return s.render(w, "search.html", &sp)
}

func (s *Server) searchBase(r *http.Request, query string) basePage {
	b := s.base(r, "Search — Daily Papers")
	if query != "" {
		b.Title = query + " — search — Daily Papers"
		b.Feeds = alternates("search", query)
	}
	b.Query, b.Section, b.NoIndex, b.Canonical = query, "search", true, ""
	return b
}
