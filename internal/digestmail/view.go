package digestmail

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/dailypapers/dailypapers/internal/period"
)

// digestView is what the digest templates show: every value already one
// line, cut to length and checked, every link absolute.
type digestView struct {
	Subject         string
	Preheader       string // the inbox preview: the first titles
	SiteName        string
	SiteURL         string
	SiteHost        string
	Kicker          string // "Daily digest"
	Frequency       string // "daily" or "weekly"
	PeriodLabel     string // "Friday, 27 November 2026"
	PeriodURL       string // the period's page on the site
	PeriodLinkLabel string // "All of the day's papers"
	TopLead         string // what the top papers are
	PicksLead       string // what the picks are
	Top, Picks      []itemView
	Address         string // the subscriber's bare address

	UnsubscribeURL string
	PreferencesURL string
	ListID         string
}

// itemView is one paper as the templates show it.
type itemView struct {
	N          int // rank in its section, from 1
	Title      string
	URL        string // the paper's page on the site
	ArxivURL   string
	CodeURL    string
	ProjectURL string
	Authors    string // "A, B, C et al."
	Summary    string // about two lines
	Upvotes    string // "163 upvotes"
	Comments   string // "1 comment"
}

func newDigestView(c Content) (digestView, error) {
	var v digestView
	var err error
	if v.SiteName, err = siteName(c.SiteName); err != nil {
		return v, err
	}
	if v.SiteURL, err = siteURL("base URL", strings.TrimSuffix(c.BaseURL, "/")); err != nil {
		return v, err
	}
	if v.UnsubscribeURL, err = siteURL("unsubscribe URL", c.UnsubscribeURL); err != nil {
		return v, err
	}
	if v.PreferencesURL, err = siteURL("preferences URL", c.PreferencesURL); err != nil {
		return v, err
	}
	if v.Address, err = recipient(c.To); err != nil {
		return v, err
	}
	if err := checkMessageID(c.MessageID); err != nil {
		return v, err
	}
	v.ListID = oneLine(c.ListID)
	if err := checkListID(v.ListID); err != nil {
		return v, err
	}
	u, _ := url.Parse(v.SiteURL) // checked above
	v.SiteHost = u.Host
	span, short, err := v.setPeriod(c)
	if err != nil {
		return v, err
	}
	for i, it := range c.Top {
		if v.Top, err = appendItem(v.Top, v.SiteURL, i, it); err != nil {
			return v, err
		}
	}
	for i, it := range withoutTop(c.Picks, c.Top) {
		if v.Picks, err = appendItem(v.Picks, v.SiteURL, i, it); err != nil {
			return v, err
		}
	}
	if len(v.Top)+len(v.Picks) == 0 {
		return v, invalid("no papers to send")
	}
	v.setLeads(span, joinTopics(c.Topics))
	v.Subject = fmt.Sprintf("%s — %s: %s", v.SiteName, short, clip(v.first(1)[0], subjectTitleLen))
	v.Preheader = clip(strings.Join(v.first(3), " · "), preheaderLen)
	return v, nil
}

// setPeriod checks the frequency and period and sets the labels and the
// link to the period's page. It returns the period's kind ("day", "week")
// and its short label for the subject ("Friday, 27 November", "Week 48").
func (v *digestView) setPeriod(c Content) (span, short string, err error) {
	var p period.Period
	switch c.Frequency {
	case "daily":
		p, err = period.ParseDay(c.Period)
		span, v.Kicker = "day", "Daily digest"
	case "weekly":
		p, err = period.ParseWeek(c.Period)
		span, v.Kicker = "week", "Weekly digest"
	default:
		return "", "", invalid("frequency %q: want daily or weekly", c.Frequency)
	}
	if err != nil {
		return "", "", invalid("%s period %q: %v", c.Frequency, c.Period, err)
	}
	v.Frequency = c.Frequency
	v.PeriodURL = v.SiteURL + "/papers/" + map[string]string{"day": "date", "week": "week"}[span] + "/" + p.String()
	v.PeriodLinkLabel = "All of the " + span + "'s papers"
	v.PeriodLabel = oneLine(c.PeriodLabel)
	if v.PeriodLabel == "" {
		v.PeriodLabel = p.Title()
	}
	if p.Kind == period.Week {
		_, w := p.Start.ISOWeek()
		return span, fmt.Sprintf("Week %d", w), nil
	}
	return span, p.Start.Format("Monday, 2 January"), nil
}

// setLeads writes the sentences that open the two sections.
func (v *digestView) setLeads(span, topics string) {
	v.TopLead = "The " + span + "'s top papers, ranked by upvotes."
	more := "Papers"
	if len(v.Top) > 0 {
		more = "More papers"
	}
	if topics == "" {
		v.PicksLead = more + " of the " + span + " on the topics you follow."
		return
	}
	v.PicksLead = more + " of the " + span + " on the topics you follow: " + topics + "."
}

// first returns the titles of the first n papers, top papers first.
func (v *digestView) first(n int) []string {
	titles := make([]string, 0, n)
	for _, items := range [][]itemView{v.Top, v.Picks} {
		for _, it := range items {
			if len(titles) == n {
				return titles
			}
			titles = append(titles, it.Title)
		}
	}
	return titles
}

func appendItem(items []itemView, site string, i int, it Item) ([]itemView, error) {
	id := oneLine(it.ID)
	if id == "" {
		return items, invalid("paper %d (%q) has no ID", i+1, it.Title)
	}
	path := idPath(id)
	title := oneLine(it.Title)
	if title == "" {
		title = "arXiv:" + id
	}
	return append(items, itemView{
		N:          len(items) + 1,
		Title:      title,
		URL:        site + "/papers/" + path,
		ArxivURL:   "https://arxiv.org/abs/" + path,
		CodeURL:    webURL(it.CodeURL),
		ProjectURL: webURL(it.ProjectURL),
		Authors:    authorLine(it.Authors),
		Summary:    summary(it.Summary),
		Upvotes:    count(it.Upvotes, "upvote", "upvotes"),
		Comments:   count(it.Comments, "comment", "comments"),
	}), nil
}

// idPath escapes an arXiv id for a URL path, keeping the slash of old-style
// ids ("hep-th/9901001").
func idPath(id string) string {
	parts := strings.Split(id, "/")
	for i, p := range parts {
		parts[i] = url.PathEscape(p)
	}
	return strings.Join(parts, "/")
}

func joinTopics(topics []string) string {
	var out []string
	for _, t := range topics {
		if t = oneLine(t); t != "" {
			out = append(out, t)
		}
	}
	return strings.Join(out, ", ")
}

// confirmView is what the confirmation templates show.
type confirmView struct {
	Subject    string
	Preheader  string
	SiteName   string
	SiteURL    string
	SiteHost   string
	Kicker     string
	Address    string
	ConfirmURL string
}

func newConfirmView(name, baseURL, to, confirmURL string) (confirmView, error) {
	var v confirmView
	var err error
	if v.SiteName, err = siteName(name); err != nil {
		return v, err
	}
	if v.SiteURL, err = siteURL("base URL", strings.TrimSuffix(baseURL, "/")); err != nil {
		return v, err
	}
	if v.ConfirmURL, err = siteURL("confirmation URL", confirmURL); err != nil {
		return v, err
	}
	if v.Address, err = recipient(to); err != nil {
		return v, err
	}
	u, _ := url.Parse(v.SiteURL)
	v.SiteHost = u.Host
	v.Kicker = "Subscription"
	v.Subject = "Confirm your subscription to " + v.SiteName
	v.Preheader = "One click to start getting the papers digest. If you did not ask for it, ignore this mail."
	return v, nil
}
