package source

import (
	"fmt"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// paper maps an oai_dc record. Dublin Core flattens arXiv's metadata: the
// comments become a description starting "Comment:", categories become long
// subject names, and there is one date per version but no version numbers.
func (dc *oaiDC) paper() (paper.Paper, error) {
	var p paper.Paper
	p.Title = oaiFirst(dc.Titles)
	for _, c := range dc.Creators {
		if name := oaiDCName(cleanText(c)); name != "" {
			p.Authors = append(p.Authors, paper.Author{Name: name})
		}
	}
	for _, s := range dc.Subjects {
		// Only arXiv codes are categories; "Computer Science - Machine
		// Learning" cannot be mapped back without a table of every name.
		if s = strings.TrimSpace(s); oaiLooksCategory(s) && !slices.Contains(p.Categories, s) {
			p.Categories = append(p.Categories, s)
		}
	}
	if len(p.Categories) > 0 {
		p.PrimaryCategory = p.Categories[0]
	}
	dc.descriptions(&p)
	if err := dc.dates(&p); err != nil {
		return p, err
	}
	if err := dc.identifiers(&p); err != nil {
		return p, err
	}
	p.License = oaiFirst(dc.Rights)
	return p, nil
}

// descriptions takes the first plain description as the abstract and the
// one starting "Comment:" as the comments.
func (dc *oaiDC) descriptions(p *paper.Paper) {
	for _, d := range dc.Descriptions {
		d = cleanText(d)
		if rest, ok := strings.CutPrefix(d, "Comment:"); ok {
			if p.Comments == "" {
				p.Comments = strings.TrimSpace(rest)
			}
			continue
		}
		if p.Abstract == "" {
			p.Abstract = d
		}
	}
}

// dates reads the dc:dates: the first is v1's, the latest the newest
// version's. Only v1 is put in Versions, as the dates are not numbered.
func (dc *oaiDC) dates(p *paper.Paper) error {
	for _, s := range dc.Dates {
		if strings.TrimSpace(s) == "" {
			continue
		}
		d, err := oaiDay(s)
		if err != nil {
			return err
		}
		if p.PublishedAt.IsZero() {
			p.PublishedAt = d
			p.Versions = []paper.Version{{Version: 1, Date: d}}
		}
		if d.After(p.UpdatedAt) {
			p.UpdatedAt = d
		}
	}
	return nil
}

// identifiers finds the arXiv abstract URL (the id) and "doi:" identifiers.
func (dc *oaiDC) identifiers(p *paper.Paper) error {
	for _, s := range dc.Identifiers {
		s = strings.TrimSpace(s)
		lower := strings.ToLower(s)
		switch {
		case strings.HasPrefix(lower, "doi:"):
			for _, doi := range strings.Fields(s[len("doi:"):]) {
				if !slices.Contains(p.DOIs, doi) {
					p.DOIs = append(p.DOIs, doi)
				}
			}
		case p.ID == "" && strings.Contains(lower, "arxiv.org/abs/"):
			id, err := arxivid.Parse(s)
			if err != nil {
				return fmt.Errorf("record id: %w: %w", ErrMalformed, err)
			}
			p.ID = id.Base
		}
	}
	return nil
}

// oaiDCName turns Dublin Core's "Last, First" (or "Last, First, Suffix")
// into the "First Last" the other formats use. Names without a comma, such as
// collaborations, stay as they are.
func oaiDCName(s string) string {
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	switch len(parts) {
	case 2:
		return cleanText(parts[1] + " " + parts[0])
	case 3:
		return cleanText(parts[1] + " " + parts[0] + " " + parts[2])
	}
	return s
}

// oaiLooksCategory reports whether s has the shape of an arXiv category:
// an archive of lower-case letters and hyphens ("hep-th", "cs"), optionally
// a dot and a subject class ("cs.LG", "astro-ph.GA", "physics.hist-ph").
func oaiLooksCategory(s string) bool {
	archive, class, dotted := strings.Cut(s, ".")
	if !oaiLetters(archive, false) {
		return false
	}
	return !dotted || oaiLetters(class, true)
}

// oaiLetters reports whether s is non-empty, starts with a letter and holds
// only ASCII letters (lower-case unless upper is set) and hyphens.
func oaiLetters(s string, upper bool) bool {
	for i, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
		case upper && r >= 'A' && r <= 'Z':
		case r == '-' && i > 0:
		default:
			return false
		}
	}
	return s != ""
}

// oaiFirst returns the first non-empty value, cleaned.
func oaiFirst(ss []string) string {
	for _, s := range ss {
		if s = cleanText(s); s != "" {
			return s
		}
	}
	return ""
}
