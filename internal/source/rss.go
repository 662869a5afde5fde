package source

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// rssItem is one <item> of an rss.arxiv.org listing. As in atomEntry, tags
// carry no namespace: arxiv:announce_type, dc:rights and dc:creator have
// local names no RSS element uses.
type rssItem struct {
	Title        string   `xml:"title"`
	Link         string   `xml:"link"`
	Description  string   `xml:"description"`
	GUID         string   `xml:"guid"`
	Categories   []string `xml:"category"`
	PubDate      string   `xml:"pubDate"`
	AnnounceType string   `xml:"announce_type"`
	Rights       string   `xml:"rights"`
	Creators     []string `xml:"creator"`
}

// parseRSS reads an arXiv RSS listing (rss.arxiv.org, the format served
// since 2024). A weekend or holiday listing has no items and yields nothing.
func parseRSS(ctx context.Context, r io.Reader, opts Options, h Handler) error {
	h = feedHandler(h)
	d, lim := newFeedDecoder(r)
	if err := feedRoot(d, opts, "rss", "an RSS 2.0 listing"); err != nil {
		return err
	}
	index, channels := 0, 0
	for {
		lim.reset()
		start, done, err := feedChild(d, opts)
		switch {
		case err != nil:
			return err
		case done && channels == 0:
			return fmt.Errorf("%s: <rss> without <channel>: %w", Position{File: opts.File}, ErrUnsupported)
		case done:
			return nil
		case start.Name.Local != "channel":
			if err := d.Skip(); err != nil {
				return feedXMLError(d, opts, err)
			}
			continue
		}
		channels++
		if err := rssChannel(ctx, d, lim, opts, h, &index); err != nil {
			return err
		}
	}
}

// rssChannel reads the items of the <channel> just opened; index counts
// items across channels.
func rssChannel(ctx context.Context, d *xml.Decoder, lim *feedLimiter, opts Options, h Handler, index *int) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		lim.reset()
		start, done, err := feedChild(d, opts)
		if err != nil || done {
			return err
		}
		if start.Name.Local != "item" {
			if err := d.Skip(); err != nil {
				return feedXMLError(d, opts, err)
			}
			continue
		}
		*index++
		if err := rssItemRecord(d, start, opts, feedPos(d, opts, *index), h); err != nil {
			return err
		}
	}
}

// rssItemRecord decodes the item that start opens and hands it on.
func rssItemRecord(d *xml.Decoder, start xml.StartElement, opts Options, pos Position, h Handler) error {
	var it rssItem
	if err := d.DecodeElement(&it, &start); err != nil {
		return feedXMLError(d, opts, err)
	}
	p, err := it.paper()
	if err != nil {
		h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("RSS item: %w: %w", err, ErrMalformed)})
		return nil
	}
	if err := h.Record(Record{Paper: p, Pos: pos}); err != nil {
		return fmt.Errorf("%s: %w", pos, err)
	}
	return nil
}

// paper maps the item to a Paper. An item announces one version; its
// pubDate is the announcement day, which for a new submission is as close
// to the v1 date as the listing gets. Cross-lists and replacements announce
// a paper first seen earlier, so they say nothing of its v1 date.
func (it *rssItem) paper() (paper.Paper, error) {
	id, err := it.id()
	if err != nil {
		return paper.Paper{}, err
	}
	date, err := rssTime(it.PubDate)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%s: %w", id, err)
	}
	header, abstract := rssDescription(it.Description)
	p := paper.Paper{
		ID:       id.Base,
		Version:  id.Version,
		Title:    cleanText(it.Title),
		Abstract: abstract,
		// An assumption: rss.arxiv.org has no primary-category element,
		// and we take the first <category> as the primary one. In the
		// samples (new submissions only) the first is the listing's own
		// category and the rest follow in alphabetical order
		// ("cs.CL cs.AI cs.LG"), which is how arXiv writes primary-first
		// lists; no sample shows a cross-list's order.
		Categories: feedCategories("", it.Categories),
		License:    strings.TrimSpace(it.Rights),
		UpdatedAt:  date,
	}
	if p.Title == "" {
		return paper.Paper{}, fmt.Errorf("%s: empty title", id)
	}
	if len(p.Categories) > 0 {
		p.PrimaryCategory = p.Categories[0]
	}
	for _, c := range it.Creators {
		p.Authors = append(p.Authors, splitRSSAuthors(c)...)
	}
	announce := strings.ToLower(strings.TrimSpace(it.AnnounceType))
	if announce == "" {
		announce = rssAnnounceType(header)
	}
	if announce == "new" && p.Version <= 1 {
		p.Version = 1
		p.PublishedAt = date
		p.Versions = []paper.Version{{Version: 1, Date: date}}
	}
	p.Withdrawn = looksWithdrawn("", p.Abstract)
	return p, nil
}

// id reads the identifier from the guid ("oai:arXiv.org:2604.21935v1"), or
// else from the link; a link has no version, which the description's
// "arXiv:2604.21935v1" then supplies.
func (it *rssItem) id() (arxivid.ID, error) {
	id, err := arxivid.Parse(strings.TrimSpace(it.GUID))
	if err == nil {
		return id, nil
	}
	id, err = arxivid.Parse(strings.TrimSpace(it.Link))
	if err != nil {
		return arxivid.ID{}, fmt.Errorf("no arXiv id in guid %q or link %q", it.GUID, it.Link)
	}
	header, _ := rssDescription(it.Description)
	if fields := strings.Fields(header); len(fields) > 0 {
		if d, err := arxivid.Parse(fields[0]); err == nil && d.Base == id.Base {
			id.Version = d.Version
		}
	}
	return id, nil
}

// rssTime parses pubDate, which arXiv writes as RFC 1123 with a numeric zone.
func rssTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad <pubDate> %q", s)
}

// rssDescription splits a description, "arXiv:2604.21935v1 Announce Type:
// new \nAbstract: ...", into its header and the cleaned abstract. Without
// the "Abstract:" marker the whole description is the abstract.
func rssDescription(s string) (header, abstract string) {
	const marker = "Abstract:"
	i := strings.Index(s, marker)
	if i < 0 {
		return "", cleanText(s)
	}
	return s[:i], cleanText(s[i+len(marker):])
}

// rssAnnounceType reads "Announce Type: new" from a description header, for
// items without arxiv:announce_type.
func rssAnnounceType(header string) string {
	_, after, ok := strings.Cut(header, "Announce Type:")
	if !ok {
		return ""
	}
	fields := strings.Fields(after)
	if len(fields) == 0 {
		return ""
	}
	return strings.ToLower(fields[0])
}

// splitRSSAuthors splits dc:creator, a comma-separated list of names. The
// last two may be joined by "and" (with or without a serial comma), and a
// generational suffix after a comma ("Smith, Jr.") belongs to the name before
// it. Names holding a comma otherwise cannot be told apart; they are rare.
func splitRSSAuthors(s string) []paper.Author {
	parts := strings.Split(s, ",")
	last := len(parts) - 1
	if before, after, ok := strings.Cut(cleanText(parts[last]), " and "); ok {
		parts = append(parts[:last], before, after)
	}
	var out []paper.Author
	for _, part := range parts {
		name := cleanText(part)
		name = strings.TrimPrefix(name, "and ") // after a serial comma
		switch {
		case name == "" || name == "and":
		case rssNameSuffix(name) && len(out) > 0:
			out[len(out)-1].Name += " " + name
		default:
			out = append(out, paper.Author{Name: name})
		}
	}
	return out
}

func rssNameSuffix(s string) bool {
	switch strings.TrimSuffix(s, ".") {
	case "Jr", "Sr", "II", "III", "IV":
		return true
	}
	return false
}
