package digestmail

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/period"
)

// siteView is what both mails say about the site.
type siteView struct {
	SiteName string // one line, short enough for a subject
	SiteURL  string // without a trailing slash
	SiteHost string
}

func newSiteView(name, baseURL string) (siteView, error) {
	s := siteView{SiteName: clip(oneLine(name), 40)}
	if s.SiteName == "" {
		return s, invalid("site name is missing")
	}
	var err error
	if s.SiteURL, err = siteURL("base URL", strings.TrimSuffix(baseURL, "/")); err != nil {
		return s, err
	}
	u, _ := url.Parse(s.SiteURL) // siteURL has parsed it
	s.SiteHost = u.Host
	return s, nil
}

// digestView is what the digest templates show: every value already one
// line, cut to length and checked, every link absolute.
type digestView struct {
	siteView
	Subject         string
	Preheader       string // the inbox preview: the first titles
	Kicker          string // "Daily digest"
	Frequency       string // "daily" or "weekly"
	PeriodLabel     string // "Friday, 27 November 2026"
	PeriodURL       string // the period's page on the site
	PeriodLinkLabel string // "All of the day's papers"
	TopLead         string // what the top papers are
	PicksLead       string // what the picks are
	ForYouLead      string // what the For you picks are
	Top, Picks      []fragment
	ForYou          []fragment
	Address         string // the subscriber's bare address

	UnsubscribeURL string
	PreferencesURL string
	ListID         string

	titles []string // of the first three papers, for the subject and preheader
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
	Comments   string // "1 comment", "1 comment here · 2 on Hugging Face"
	Reason     string // why a For you pick was picked
}

func newDigestView(c Content, cache *fragmentCache) (digestView, error) {
	var v digestView
	if err := v.setHeaders(c); err != nil {
		return v, err
	}
	span, short, err := v.setPeriod(c)
	if err != nil {
		return v, err
	}
	if err := v.setPapers(c, cache); err != nil {
		return v, err
	}
	v.setLeads(span, joinTopics(c.Topics))
	v.Subject = fmt.Sprintf("%s — %s: %s", v.SiteName, short, clip(v.titles[0], subjectTitleLen))
	v.Preheader = clip(strings.Join(v.titles, " · "), preheaderLen)
	return v, nil
}

// size estimates the length of the text and HTML parts: the papers, and
// what the frame around them takes.
func (v *digestView) size() (text, html int) {
	text, html = 1<<10, 10<<10
	for _, f := range slices.Concat(v.Top, v.ForYou, v.Picks) {
		text += len(f.Text)
		html += len(f.HTML)
	}
	return text, html
}

// setHeaders checks the values that end up in headers or in the footer's
// links: the site, the recipient, the unsubscribe and preferences links,
// the Message-ID and the List-Id.
func (v *digestView) setHeaders(c Content) error {
	var err error
	if v.siteView, err = newSiteView(c.SiteName, c.BaseURL); err != nil {
		return err
	}
	if v.Address, err = recipient(c.To); err != nil {
		return err
	}
	if v.UnsubscribeURL, err = siteURL("unsubscribe URL", c.UnsubscribeURL); err != nil {
		return err
	}
	if v.PreferencesURL, err = siteURL("preferences URL", c.PreferencesURL); err != nil {
		return err
	}
	if err := checkMessageID(c.MessageID); err != nil {
		return err
	}
	v.ListID = oneLine(c.ListID)
	return checkListID(v.ListID)
}

// setPapers renders the two lists, leaving out of the picks any paper
// that is also a top paper.
func (v *digestView) setPapers(c Content, cache *fragmentCache) error {
	top, err := itemViews(v.SiteURL, c.Top)
	if err != nil {
		return err
	}
	picks, err := itemViews(v.SiteURL, withoutTop(c.Picks, c.Top))
	if err != nil {
		return err
	}
	forYou, err := itemViews(v.SiteURL, withoutTop(withoutTop(c.ForYou, c.Top), c.Picks))
	if err != nil {
		return err
	}
	if len(forYou) > 0 {
		v.ForYouLead = "New papers like the ones you saved and upvoted on " + v.SiteName + "."
	}
	if v.ForYou, err = cache.renderItems(forYou); err != nil {
		return err
	}
	all := slices.Concat(top, picks)
	if len(all) == 0 {
		return invalid("no papers to send")
	}
	for _, it := range all[:min(3, len(all))] {
		v.titles = append(v.titles, it.Title)
	}
	if v.Top, err = cache.renderItems(top); err != nil {
		return err
	}
	v.Picks, err = cache.renderItems(picks)
	return err
}

// setPeriod checks the frequency and period and sets the labels and the
// link to the period's page. It returns the period's kind ("day", "week")
// and its short label for the subject ("Friday, 27 November", "Week 48").
func (v *digestView) setPeriod(c Content) (span, short string, err error) {
	var p period.Period
	var page string // the period's page is /papers/{page}/{period}
	switch c.Frequency {
	case "daily":
		p, err = period.ParseDay(c.Period)
		span, page, v.Kicker = "day", "date", "Daily digest"
	case "weekly":
		p, err = period.ParseWeek(c.Period)
		span, page, v.Kicker = "week", "week", "Weekly digest"
	default:
		return "", "", invalid("frequency %q: want daily or weekly", c.Frequency)
	}
	if err != nil {
		return "", "", invalid("%s period %q: %v", c.Frequency, c.Period, err)
	}
	v.Frequency = c.Frequency
	v.PeriodURL = v.SiteURL + "/papers/" + page + "/" + p.String()
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

func itemViews(site string, items []Item) ([]itemView, error) {
	out := make([]itemView, 0, len(items))
	for i, it := range items {
		id := oneLine(it.ID)
		if id == "" {
			return nil, invalid("paper %d (%q) has no ID", i+1, it.Title)
		}
		out = append(out, newItemView(site, i+1, id, it))
	}
	return out, nil
}

// renderItems renders papers, or takes them from the cache.
func (fc *fragmentCache) renderItems(items []itemView) ([]fragment, error) {
	out := make([]fragment, len(items))
	for i, it := range items {
		var err error
		if out[i], err = fc.get(it); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func newItemView(site string, n int, id string, it Item) itemView {
	path := idPath(id)
	title := oneLine(it.Title)
	if title == "" {
		title = "arXiv:" + id
	}
	return itemView{
		N:          n,
		Title:      title,
		URL:        site + "/papers/" + path,
		ArxivURL:   "https://arxiv.org/abs/" + path,
		CodeURL:    webURL(it.CodeURL),
		ProjectURL: webURL(it.ProjectURL),
		Authors:    authorLine(it.Authors),
		Summary:    summary(it.Summary),
		Upvotes:    count(it.Upvotes, "upvote", "upvotes"),
		Comments:   commentCount(it.Comments, it.HFComments),
		Reason:     clip(oneLine(it.Reason), summaryLen),
	}
}

// commentCount counts a paper's comments as its page does: those made on
// Hugging Face apart, since the page links to them but does not show them.
func commentCount(all, onHF int) string {
	here := max(all-onHF, 0)
	switch {
	case onHF <= 0:
		return count(all, "comment", "comments")
	case here == 0:
		return count(onHF, "comment", "comments") + " on Hugging Face"
	}
	return count(here, "comment", "comments") + " here · " + thousands(onHF) + " on Hugging Face"
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
