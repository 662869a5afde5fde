package source

import (
	"cmp"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// oaiRecord is one OAI-PMH <record>. The metadata formats are told apart by
// the local name of the metadata element (arXiv, arXivRaw, dc), so a response
// whose namespaces were stripped or renamed still reads.
type oaiRecord struct {
	Header struct {
		Identifier string `xml:"identifier"`
		Datestamp  string `xml:"datestamp"`
		Status     string `xml:"status,attr"`
	} `xml:"header"`
	Metadata struct {
		ArXiv *oaiArXiv    `xml:"arXiv"`
		Raw   *oaiArXivRaw `xml:"arXivRaw"`
		DC    *oaiDC       `xml:"dc"`
		Other []struct {
			XMLName xml.Name
		} `xml:",any"`
	} `xml:"metadata"`
}

// oaiCommon holds the elements the arXiv and arXivRaw formats share.
type oaiCommon struct {
	ID         string `xml:"id"`
	Title      string `xml:"title"`
	Categories string `xml:"categories"`
	Comments   string `xml:"comments"`
	ReportNo   string `xml:"report-no"`
	ACMClass   string `xml:"acm-class"`
	MSCClass   string `xml:"msc-class"`
	JournalRef string `xml:"journal-ref"`
	DOI        string `xml:"doi"`
	License    string `xml:"license"`
	Abstract   string `xml:"abstract"`
}

// oaiArXiv is metadataPrefix=arXiv: structured authors, but only the dates
// of the first and the newest version, without version numbers.
type oaiArXiv struct {
	oaiCommon
	Created string      `xml:"created"`
	Updated string      `xml:"updated"`
	Authors []oaiAuthor `xml:"authors>author"`
}

// oaiAuthor is one <author>. Keyname is a list because a real record
// (1606.07066, as hepcrawl keeps it) repeats <keyname>; the first one is the
// author's.
type oaiAuthor struct {
	Keyname      []string `xml:"keyname"`
	Forenames    string   `xml:"forenames"`
	Suffix       string   `xml:"suffix"`
	Affiliations []string `xml:"affiliation"`
}

// oaiArXivRaw is metadataPrefix=arXivRaw: every version with its date, size
// and source type, the submitter, and authors as one flat string.
type oaiArXivRaw struct {
	oaiCommon
	Submitter string          `xml:"submitter"`
	Versions  []oaiRawVersion `xml:"version"`
	Authors   string          `xml:"authors"`
}

type oaiRawVersion struct {
	Version    string `xml:"version,attr"`
	Date       string `xml:"date"`
	Size       string `xml:"size"`
	SourceType string `xml:"source_type"`
}

// oaiDC is metadataPrefix=oai_dc, simple Dublin Core.
type oaiDC struct {
	Titles       []string `xml:"title"`
	Creators     []string `xml:"creator"`
	Subjects     []string `xml:"subject"`
	Descriptions []string `xml:"description"`
	Dates        []string `xml:"date"`
	Identifiers  []string `xml:"identifier"`
	Rights       []string `xml:"rights"`
}

// paper maps the record in whichever format it came.
func (r *oaiRecord) paper() (paper.Paper, error) {
	m := &r.Metadata
	var p paper.Paper
	var err error
	switch {
	case m.ArXiv != nil:
		p, err = m.ArXiv.paper()
	case m.Raw != nil:
		p, err = m.Raw.paper()
	case m.DC != nil:
		p, err = m.DC.paper()
	case len(m.Other) > 0:
		return p, fmt.Errorf("metadata format <%s> is not arXiv, arXivRaw or oai_dc: %w", m.Other[0].XMLName.Local, ErrMalformed)
	default:
		return p, fmt.Errorf("no metadata: %w", ErrMalformed)
	}
	if err != nil {
		return p, err
	}
	return r.finish(p)
}

// finish fills what all formats share: the id falls back to the header's,
// the datestamp stands in for a missing update date, and a paper needs a
// title.
func (r *oaiRecord) finish(p paper.Paper) (paper.Paper, error) {
	if p.ID == "" {
		id, err := arxivid.Parse(r.Header.Identifier)
		if err != nil {
			return p, fmt.Errorf("record id: %w: %w", ErrMalformed, err)
		}
		p.ID = id.Base
	}
	if p.UpdatedAt.IsZero() && strings.TrimSpace(r.Header.Datestamp) != "" {
		d, err := oaiDay(r.Header.Datestamp)
		if err != nil {
			return p, err
		}
		p.UpdatedAt = d
	}
	if p.Title == "" {
		return p, fmt.Errorf("%s: empty title: %w", p.ID, ErrMalformed)
	}
	p.Withdrawn = p.Withdrawn || looksWithdrawn(p.Comments, p.Abstract)
	return p, nil
}

// paper maps the fields both arXiv formats have. An empty id is left for
// finish to take from the header.
func (c *oaiCommon) paper() (paper.Paper, error) {
	p := paper.Paper{
		Title:      cleanText(c.Title),
		Abstract:   cleanText(c.Abstract),
		Comments:   cleanText(c.Comments),
		JournalRef: cleanText(c.JournalRef),
		DOIs:       oaiUnique(strings.Fields(c.DOI)),
		ReportNo:   cleanText(c.ReportNo),
		ACMClass:   cleanText(c.ACMClass),
		MSCClass:   cleanText(c.MSCClass),
		License:    cleanText(c.License),
		Categories: oaiUnique(strings.Fields(c.Categories)),
	}
	if len(p.Categories) > 0 {
		p.PrimaryCategory = p.Categories[0]
	}
	if strings.TrimSpace(c.ID) == "" {
		return p, nil
	}
	id, err := arxivid.Parse(c.ID)
	if err != nil {
		return p, fmt.Errorf("record id: %w: %w", ErrMalformed, err)
	}
	p.ID = id.Base
	return p, nil
}

func (a *oaiArXiv) paper() (paper.Paper, error) {
	p, err := a.oaiCommon.paper()
	if err != nil {
		return p, err
	}
	for _, au := range a.Authors {
		if author, ok := au.author(); ok {
			p.Authors = append(p.Authors, author)
		}
	}
	// The format gives no version numbers: only v1's date is certain, and
	// <updated> is the newest version's date, whichever version that is.
	if strings.TrimSpace(a.Created) != "" {
		created, err := oaiDay(a.Created)
		if err != nil {
			return p, err
		}
		p.PublishedAt, p.UpdatedAt = created, created
		p.Versions = []paper.Version{{Version: 1, Date: created}}
	}
	if strings.TrimSpace(a.Updated) != "" {
		if p.UpdatedAt, err = oaiDay(a.Updated); err != nil {
			return p, err
		}
	}
	return p, nil
}

// author joins the name parts. arXiv's own parse of collaboration lists
// leaves entries that are just punctuation (<keyname>:</keyname>); they name
// nobody and are dropped.
func (a *oaiAuthor) author() (paper.Author, bool) {
	name := cleanText(strings.Join([]string{a.Forenames, oaiFirst(a.Keyname), a.Suffix}, " "))
	if !oaiHasAlnum(name) {
		return paper.Author{}, false
	}
	au := paper.Author{Name: name}
	for _, aff := range a.Affiliations {
		if aff = cleanText(aff); aff != "" {
			au.Affiliations = append(au.Affiliations, aff)
		}
	}
	return au, true
}

func (a *oaiArXivRaw) paper() (paper.Paper, error) {
	p, err := a.oaiCommon.paper()
	if err != nil {
		return p, err
	}
	p.Submitter = cleanText(a.Submitter)
	p.Authors = oaiSplitAuthors(cleanText(a.Authors))
	for _, v := range a.Versions {
		pv, err := v.version()
		if err != nil {
			return p, err
		}
		p.Versions = append(p.Versions, pv)
	}
	if len(p.Versions) == 0 {
		return p, nil
	}
	slices.SortStableFunc(p.Versions, func(a, b paper.Version) int { return cmp.Compare(a.Version, b.Version) })
	first, last := p.Versions[0], p.Versions[len(p.Versions)-1]
	p.Version, p.PublishedAt, p.UpdatedAt = last.Version, first.Date, last.Date
	// arXiv withdraws a paper by adding a version without files.
	p.Withdrawn = last.Size == "0kb" || last.SourceType == "I"
	return p, nil
}

func (v *oaiRawVersion) version() (paper.Version, error) {
	s := strings.TrimSpace(v.Version)
	n, err := strconv.Atoi(strings.TrimPrefix(strings.TrimPrefix(s, "v"), "V"))
	if err != nil || n < 1 {
		return paper.Version{}, fmt.Errorf("version %q: %w", s, ErrMalformed)
	}
	date, err := oaiVersionDate(v.Date)
	if err != nil {
		return paper.Version{}, err
	}
	return paper.Version{
		Version:    n,
		Date:       date,
		Size:       strings.TrimSpace(v.Size),
		SourceType: strings.TrimSpace(v.SourceType),
	}, nil
}

// oaiVersionLayouts are the forms of arXivRaw version dates ("Mon, 2 Apr
// 2007 19:18:42 GMT"), with a two-digit day and without the weekday in case
// a mirror writes them so.
var oaiVersionLayouts = []string{
	"Mon, 2 Jan 2006 15:04:05 MST",
	"2 Jan 2006 15:04:05 MST",
	time.RFC1123Z,
	time.RFC3339,
}

func oaiVersionDate(s string) (time.Time, error) {
	s = cleanText(s)
	for _, layout := range oaiVersionLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("version date %q: %w", s, ErrMalformed)
}

// oaiDay parses the YYYY-MM-DD dates of the arXiv format and OAI headers.
func oaiDay(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		// A datestamp may carry a time when a repository is finer grained.
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return time.Time{}, fmt.Errorf("date %q: %w", s, ErrMalformed)
		}
	}
	return t.UTC(), nil
}

// oaiUnique drops empty and repeated strings, keeping the first occurrence
// first (the primary category, for categories).
func oaiUnique(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
