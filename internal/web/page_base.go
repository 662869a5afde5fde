package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// basePage is what every page's layout shows: the document's title and
// links, the header's navigation and search box, and the feeds of the page.
type basePage struct {
	Title       string
	Description string
	Canonical   string // absolute URL of the page; empty: none
	Section     string // the current navigation item: daily, weekly, monthly, trending, foryou or search
	Query       string // shown in the header's search box
	Feeds       []feedLink
	Markdown    string  // href of the page as Markdown; empty: none
	Math        bool    // the page has TeX: load KaTeX
	NoIndex     bool    // ask search engines not to index (search results, errors)
	Me          *viewer // who is signed in; nil: nobody
	// NoSubscribeBox leaves out the footer's subscribe form (on the pages
	// that are about subscribing).
	NoSubscribeBox bool
	// Subscribed says the signed-in viewer gets the digest: the footer
	// links their subscription instead of offering the form.
	Subscribed bool
}

// base starts the base of a page; handlers fill in the rest.
func (s *Server) base(r *http.Request, title string) basePage {
	return basePage{Title: title, Canonical: s.absURL(r, r.URL.EscapedPath()), Me: viewerOf(r), Subscribed: s.subscribed(r)}
}

// subscribed reports whether the signed-in viewer's address gets the
// digest. Only signed-in pages ask (they are never cached for others), and
// when the database cannot tell, the form is shown as to anyone.
func (s *Server) subscribed(r *http.Request) bool {
	v := viewerOf(r)
	if v == nil || v.Email == "" {
		return false
	}
	sub, err := s.store.SubscriberByEmail(r.Context(), v.Email)
	return err == nil && sub.Status == store.SubActive
}

// FeedHref is the page's feed in the first format (RSS), for the visible
// feed link; empty when the page has no feed.
func (b basePage) FeedHref() string {
	if len(b.Feeds) == 0 {
		return ""
	}
	return b.Feeds[0].Href
}

// absURL makes a site-relative path absolute.
func (s *Server) absURL(r *http.Request, path string) string {
	return site.Origin(s.opts.BaseURL, r) + path
}

// pager pages through a list whose length is not known: a page holds
// perPage items, and the store is asked for one more to learn whether a next
// page exists.
type pager struct {
	Page             int    // from 0
	PrevURL, NextURL string // empty: no such page
}

// Paged reports whether the list has more than one page.
func (p pager) Paged() bool { return p.Page > 0 || p.NextURL != "" }

// perPage is how many cards a list page shows: a whole feed day, as a
// rule, and as many as the API gives at once.
const perPage = 100

// pageParam reads ?p=, the page number from 0.
func pageParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("p")
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 10000 {
		return 0, badRequest("The page number %q is not a number from 0 to 10000.", v)
	}
	return n, nil
}

// newPager links the pages before and after page; more says whether the
// store had items beyond this page. The links carry the list's own
// parameters, given in params, and no others: whatever else the address
// held (a thousand junk parameters) is not repeated on every link.
func newPager(r *http.Request, params url.Values, page int, more bool) pager {
	p := pager{Page: page}
	link := func(n int) string {
		q := url.Values{}
		for k, v := range params {
			if len(v) > 0 && v[0] != "" {
				q.Set(k, v[0])
			}
		}
		if n > 0 {
			q.Set("p", strconv.Itoa(n))
		}
		u := url.URL{Path: r.URL.Path, RawQuery: q.Encode()}
		return u.String()
	}
	if page > 0 {
		p.PrevURL = link(page - 1)
	}
	if more {
		p.NextURL = link(page + 1)
	}
	return p
}

// pastTheEnd is the error of a page number beyond a list's last page.
func pastTheEnd(page int) error {
	return missing("This list has no page %d.", page+1)
}
