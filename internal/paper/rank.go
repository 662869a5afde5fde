package paper

import (
	"encoding/json"
	"strings"
	"time"
)

// Rank orders descriptions of the same paper by how recent they are: the
// day of the newest version they describe, then its number. A source that
// knows neither (zero) ranks lowest. Days, not instants, are compared
// because sources differ in precision: OAI-PMH gives dates only, the API
// and the snapshot give times, and a description is no newer for naming
// the hour of the same version.
type Rank struct {
	At      time.Time `json:"at"`
	Version int       `json:"v"`
}

// Compare returns -1, 0 or +1 as r ranks below, with or above o.
func (r Rank) Compare(o Rank) int {
	if c := dayOf(r.At).Compare(dayOf(o.At)); c != 0 {
		return c
	}
	switch {
	case r.Version < o.Version:
		return -1
	case r.Version > o.Version:
		return 1
	}
	return 0
}

func dayOf(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(24 * time.Hour)
}

func maxRank(a, b Rank) Rank {
	if a.Compare(b) >= 0 {
		return a
	}
	return b
}

// Rank is the rank of the paper as a whole: that of its newest description.
func (p *Paper) Rank() Rank { return Rank{At: p.UpdatedAt, Version: p.Version} }

// rankOf is the rank of the description a field's value came from.
func (p *Paper) rankOf(field string) Rank {
	if r, ok := p.FieldRanks[field]; ok {
		return r
	}
	return p.Rank()
}

// rankedField is one arXiv metadata field that Merge takes from the
// highest-ranked description having it. key is "" when the field is empty
// and otherwise a string that orders values, to break ties between two
// descriptions of equal rank the same way whatever their order.
type rankedField struct {
	name string
	key  func(*Paper) string
	take func(dst, src *Paper)
}

func stringField(name string, f func(*Paper) *string) rankedField {
	return rankedField{name: name,
		key:  func(p *Paper) string { return *f(p) },
		take: func(dst, src *Paper) { *f(dst) = *f(src) }}
}

func jsonKey(v any) string {
	b, _ := json.Marshal(v)
	if s := string(b); s != "null" && s != "[]" {
		return s
	}
	return ""
}

// rankedFields lists the fields Merge ranks.
var rankedFields = []rankedField{
	stringField("title", func(p *Paper) *string { return &p.Title }),
	stringField("abstract", func(p *Paper) *string { return &p.Abstract }),
	stringField("primary_category", func(p *Paper) *string { return &p.PrimaryCategory }),
	stringField("comments", func(p *Paper) *string { return &p.Comments }),
	stringField("journal_ref", func(p *Paper) *string { return &p.JournalRef }),
	stringField("report_no", func(p *Paper) *string { return &p.ReportNo }),
	stringField("acm_class", func(p *Paper) *string { return &p.ACMClass }),
	stringField("msc_class", func(p *Paper) *string { return &p.MSCClass }),
	stringField("license", func(p *Paper) *string { return &p.License }),
	stringField("submitter", func(p *Paper) *string { return &p.Submitter }),
	{name: "categories",
		key:  func(p *Paper) string { return strings.Join(p.Categories, " ") },
		take: func(dst, src *Paper) { dst.Categories = append([]string(nil), src.Categories...) }},
	{name: "dois",
		key:  func(p *Paper) string { return strings.Join(p.DOIs, " ") },
		take: func(dst, src *Paper) { dst.DOIs = append([]string(nil), src.DOIs...) }},
	{name: "authors",
		key:  func(p *Paper) string { return jsonKey(p.Authors) },
		take: func(dst, src *Paper) { dst.Authors = append([]Author(nil), src.Authors...) }},
	// Withdrawn always has a value: "no" from a newer version brings a
	// withdrawn paper back, as arXiv allows.
	{name: "withdrawn",
		key: func(p *Paper) string {
			if p.Withdrawn {
				return "yes"
			}
			return "no"
		},
		take: func(dst, src *Paper) { dst.Withdrawn = src.Withdrawn }},
}
