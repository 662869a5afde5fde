package source

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// FeedInfo is the paging information (OpenSearch elements) of an arXiv API
// response: how many results the query has in all, where this page starts
// (0-based) and how many results a page holds.
type FeedInfo struct {
	TotalResults, StartIndex, ItemsPerPage int
}

// APIError is an error the arXiv API reported in place of results. The API
// sends errors as a feed whose single entry is titled "Error", has an
// .../api/errors#... id and carries the message as its summary.
type APIError struct {
	Message string
}

func (e *APIError) Error() string { return "arXiv API error: " + e.Message }

// atomEntry is one <entry> of an arXiv API feed. The tags carry no namespace
// so that the classic API's inline xmlns:arxiv declarations and the current
// API's feed-level ones decode alike; no Atom element shares a local name
// with an arxiv: one.
type atomEntry struct {
	ID              string       `xml:"id"`
	Title           string       `xml:"title"`
	Summary         string       `xml:"summary"`
	Published       string       `xml:"published"`
	Updated         string       `xml:"updated"`
	Authors         []atomAuthor `xml:"author"`
	PrimaryCategory atomTerm     `xml:"primary_category"`
	Categories      []atomTerm   `xml:"category"`
	Comment         string       `xml:"comment"`
	JournalRef      string       `xml:"journal_ref"`
	DOIs            []string     `xml:"doi"`
}

type atomAuthor struct {
	Name         string   `xml:"name"`
	Affiliations []string `xml:"affiliation"`
}

type atomTerm struct {
	Term string `xml:"term,attr"`
}

// parseAtom reads an arXiv API response; callers that page through results
// use ParseAtomFeed for the paging information.
func parseAtom(ctx context.Context, r io.Reader, opts Options, h Handler) error {
	_, err := ParseAtomFeed(ctx, r, opts, h)
	return err
}

// ParseAtomFeed reads an arXiv API response (export.arxiv.org/api/query),
// hands each entry to h and returns the feed's paging information. A
// response reporting an error yields an *APIError.
func ParseAtomFeed(ctx context.Context, r io.Reader, opts Options, h Handler) (FeedInfo, error) {
	h = feedHandler(h)
	d, lim := newFeedDecoder(r)
	var info FeedInfo
	if err := feedRoot(d, opts, "feed", "an arXiv API Atom feed"); err != nil {
		return info, err
	}
	index := 0
	for {
		if err := ctx.Err(); err != nil {
			return info, err
		}
		lim.reset()
		start, done, err := feedChild(d, opts)
		if err != nil || done {
			return info, err
		}
		switch start.Name.Local {
		case "entry":
			index++
			pos := feedPos(d, opts, index)
			if err := atomEntryRecord(d, start, opts, pos, h); err != nil {
				return info, err
			}
		case "totalResults", "startIndex", "itemsPerPage":
			if err := atomOpenSearch(d, start, opts, &info); err != nil {
				return info, err
			}
		default:
			if err := d.Skip(); err != nil {
				return info, feedXMLError(d, opts, err)
			}
		}
	}
}

// atomEntryRecord decodes the entry that start opens and hands it on.
func atomEntryRecord(d *xml.Decoder, start xml.StartElement, opts Options, pos Position, h Handler) error {
	var e atomEntry
	if err := d.DecodeElement(&e, &start); err != nil {
		return feedXMLError(d, opts, err)
	}
	if strings.Contains(e.ID, "/api/errors") {
		return &APIError{Message: cleanText(e.Summary)}
	}
	p, err := e.paper()
	if err != nil {
		h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("arXiv API entry: %w: %w", err, ErrMalformed)})
		return nil
	}
	if err := h.Record(Record{Paper: p, Pos: pos}); err != nil {
		return fmt.Errorf("%s: %w", pos, err)
	}
	return nil
}

// atomOpenSearch reads one opensearch:* element into info.
func atomOpenSearch(d *xml.Decoder, start xml.StartElement, opts Options, info *FeedInfo) error {
	var s string
	if err := d.DecodeElement(&s, &start); err != nil {
		return feedXMLError(d, opts, err)
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 0 {
		line, _ := d.InputPos()
		return fmt.Errorf("%s: opensearch:%s %q is not a count: %w",
			Position{File: opts.File, Line: line}, start.Name.Local, s, ErrMalformed)
	}
	switch start.Name.Local {
	case "totalResults":
		info.TotalResults = n
	case "startIndex":
		info.StartIndex = n
	case "itemsPerPage":
		info.ItemsPerPage = n
	}
	return nil
}

// paper maps the entry to a Paper. The API describes one version, N of the
// id: <published> is the date of v1 and <updated> the date of vN, so those
// are the only two versions whose dates are known.
func (e *atomEntry) paper() (paper.Paper, error) {
	id, err := arxivid.Parse(strings.TrimSpace(e.ID))
	if err != nil {
		return paper.Paper{}, fmt.Errorf("id: %w", err)
	}
	published, err := atomTime("published", e.Published)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%s: %w", id, err)
	}
	updated, err := atomTime("updated", e.Updated)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%s: %w", id, err)
	}
	p := paper.Paper{
		ID:              id.Base,
		Version:         id.Version,
		Title:           cleanText(e.Title),
		Abstract:        cleanText(e.Summary),
		Authors:         atomAuthors(e.Authors),
		PrimaryCategory: strings.TrimSpace(e.PrimaryCategory.Term),
		Comments:        cleanText(e.Comment),
		JournalRef:      cleanText(e.JournalRef),
		DOIs:            e.dois(),
		Versions:        []paper.Version{{Version: 1, Date: published}},
		PublishedAt:     published,
		UpdatedAt:       updated,
	}
	if p.Title == "" {
		return paper.Paper{}, fmt.Errorf("%s: empty title", id)
	}
	if id.Version > 1 {
		p.Versions = append(p.Versions, paper.Version{Version: id.Version, Date: updated})
	}
	terms := make([]string, 0, len(e.Categories))
	for _, c := range e.Categories {
		terms = append(terms, c.Term)
	}
	p.Categories = feedCategories(p.PrimaryCategory, terms)
	if p.PrimaryCategory == "" && len(p.Categories) > 0 {
		// Every real entry has arxiv:primary_category; should one lack it,
		// the API lists the primary category first anyway.
		p.PrimaryCategory = p.Categories[0]
	}
	p.Withdrawn = looksWithdrawn(p.Comments, p.Abstract)
	return p, nil
}

func atomTime(field, s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, strings.TrimSpace(s))
	if err != nil {
		return time.Time{}, fmt.Errorf("bad <%s> %q", field, s)
	}
	return t.UTC(), nil
}

func atomAuthors(in []atomAuthor) []paper.Author {
	var out []paper.Author
	for _, a := range in {
		name := cleanText(a.Name)
		if name == "" {
			continue
		}
		author := paper.Author{Name: name}
		for _, aff := range a.Affiliations {
			if aff = cleanText(aff); aff != "" {
				author.Affiliations = append(author.Affiliations, aff)
			}
		}
		out = append(out, author)
	}
	return out
}

// dois returns the arxiv:doi values, split on white space because one field
// may hold two.
func (e *atomEntry) dois() []string {
	var out []string
	for _, s := range e.DOIs {
		out = append(out, strings.Fields(s)...)
	}
	return out
}

// feedCategories puts primary first, then the others in their order, without
// duplicates or blanks; nil when there are none.
func feedCategories(primary string, others []string) []string {
	var out []string
	seen := make(map[string]bool, len(others)+1)
	for _, c := range append([]string{primary}, others...) {
		c = strings.TrimSpace(c)
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		out = append(out, c)
	}
	return out
}
