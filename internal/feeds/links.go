package feeds

import (
	"io"
	"net/url"

	"github.com/dailypapers/dailypapers/internal/period"
)

// siteName starts every feed title.
const siteName = "Daily Papers"

// format is one way of writing a feed.
type format struct {
	name, mediaType, label string
	write                  func(w io.Writer, ch channel) error
}

// formats lists the formats in the order pages advertise them.
var formats = []format{
	{"rss", "application/rss+xml", "RSS", writeRSS},
	{"atom", "application/atom+xml", "Atom", writeAtom},
	{"json", "application/feed+json", "JSON Feed", writeJSON},
}

func formatNamed(name string) (format, bool) {
	for _, f := range formats {
		if f.name == name {
			return f, true
		}
	}
	return format{}, false
}

// periodKinds are the feed kinds that show a period, with its length.
var periodKinds = map[string]period.Kind{"date": period.Day, "week": period.Week, "month": period.Month}

// Link is a feed a page advertises with <link rel="alternate">.
type Link struct {
	Type, Title, Href string
}

// Alternates lists the feeds, one per format, of a page: kind is "latest",
// "date", "week", "month", "trending" or "search", and arg the day, week,
// month or query ("" for latest and trending). Hrefs are site-relative. An
// unknown kind has no feeds.
func Alternates(kind, arg string) []Link {
	if _, ok := periodKinds[kind]; !ok && kind != "latest" && kind != "trending" && kind != "search" {
		return nil
	}
	title := feedTitle(kind, arg)
	links := make([]Link, len(formats))
	for i, f := range formats {
		links[i] = Link{Type: f.mediaType, Title: title + " (" + f.label + ")", Href: feedPath(kind, arg, f.name)}
	}
	return links
}

// feedPath is the site-relative path of a feed.
func feedPath(kind, arg, format string) string {
	if _, ok := periodKinds[kind]; ok {
		return "/feeds/" + kind + "/" + url.PathEscape(arg) + "/" + format
	}
	if kind == "search" {
		return "/feeds/search/" + format + "?q=" + url.QueryEscape(arg)
	}
	return "/feeds/" + kind + "/" + format
}

// pagePath is the site-relative path of the page a feed follows.
func pagePath(kind, arg string) string {
	if _, ok := periodKinds[kind]; ok {
		return "/papers/" + kind + "/" + url.PathEscape(arg)
	}
	switch kind {
	case "trending":
		return "/papers/trending"
	case "search":
		return "/papers?q=" + url.QueryEscape(arg)
	}
	return "/papers"
}

// feedTitle names a feed. The latest day's feed is plain "Daily Papers", a
// name that does not change every day in the reader's list of feeds.
func feedTitle(kind, arg string) string {
	if k, ok := periodKinds[kind]; ok {
		if p, err := period.Parse(k, arg); err == nil {
			arg = p.Title()
		}
		return siteName + " — " + arg
	}
	switch kind {
	case "trending":
		return siteName + " — trending"
	case "search":
		return siteName + " — search: " + arg
	}
	return siteName
}
