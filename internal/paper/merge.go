package paper

import (
	"reflect"
	"slices"
	"sort"
	"time"
)

// Normalize puts a paper in the one form the store keeps, so that two
// descriptions of the same facts compare equal: times in UTC at microsecond
// precision (what PostgreSQL keeps), empty lists as nil, versions sorted.
func (p *Paper) Normalize() {
	p.PublishedAt = normTime(p.PublishedAt)
	p.UpdatedAt = normTime(p.UpdatedAt)
	for i := range p.Versions {
		p.Versions[i].Date = normTime(p.Versions[i].Date)
	}
	sort.Slice(p.Versions, func(i, j int) bool { return p.Versions[i].Version < p.Versions[j].Version })
	for i := range p.Authors {
		p.Authors[i].Affiliations = nilIfEmpty(p.Authors[i].Affiliations)
	}
	p.Authors = nilIfEmpty(p.Authors)
	p.Categories = nilIfEmpty(p.Categories)
	p.DOIs = nilIfEmpty(p.DOIs)
	p.Versions = nilIfEmpty(p.Versions)
	p.AIKeywords = nilIfEmpty(p.AIKeywords)
}

// Normalize is Paper.Normalize for entries.
func (e *Entry) Normalize() {
	e.SubmittedAt = normTime(e.SubmittedAt)
	e.MediaURLs = nilIfEmpty(e.MediaURLs)
}

func normTime(t time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	return t.UTC().Truncate(time.Microsecond)
}

func nilIfEmpty[S ~[]E, E any](s S) S {
	if len(s) == 0 {
		return nil
	}
	return s
}

// newerThan reports whether p describes a later state of the paper than old:
// a later newest-version date, or the same date and a higher version number.
// Sources that know neither (zero) rank lowest.
func (p *Paper) newerThan(old *Paper) bool {
	if !p.UpdatedAt.Equal(old.UpdatedAt) {
		return p.UpdatedAt.After(old.UpdatedAt)
	}
	return p.Version > old.Version
}

// Merge combines what the store has (old, nil when the paper is new) with an
// incoming description of the same paper and reports whether the result
// differs from old.
//
// Newer arXiv metadata replaces older field by field, never the reverse; a
// field that one side lacks is filled from the other whatever their order, so
// importing the same sources in any order ends in the same paper, and
// importing anything twice changes nothing. Versions are united. Community
// fields (code, project page, AI summary) take the incoming value when it has one.
func Merge(old *Paper, in Paper) (Paper, bool) {
	in.Normalize()
	if old == nil {
		return in, true
	}
	cur := *old
	cur.Normalize()
	out := cur
	newer := in.newerThan(&cur)
	pick := func(dst *string, v string) {
		if v != "" && (newer || *dst == "") {
			*dst = v
		}
	}
	pick(&out.Title, in.Title)
	pick(&out.Abstract, in.Abstract)
	pick(&out.PrimaryCategory, in.PrimaryCategory)
	pick(&out.Comments, in.Comments)
	pick(&out.JournalRef, in.JournalRef)
	pick(&out.ReportNo, in.ReportNo)
	pick(&out.ACMClass, in.ACMClass)
	pick(&out.MSCClass, in.MSCClass)
	pick(&out.License, in.License)
	pick(&out.Submitter, in.Submitter)
	pickList(&out.Categories, in.Categories, newer)
	pickList(&out.DOIs, in.DOIs, newer)
	out.Authors = mergeAuthors(cur.Authors, in.Authors, newer)
	if newer {
		// A newer version can also bring a withdrawn paper back.
		out.Withdrawn = in.Withdrawn
	}
	out.Versions = mergeVersions(cur.Versions, in.Versions)
	out.Version = max(cur.Version, in.Version)
	out.PublishedAt = earliest(cur.PublishedAt, in.PublishedAt)
	if in.UpdatedAt.After(cur.UpdatedAt) {
		out.UpdatedAt = in.UpdatedAt
	}
	mergeCommunity(&out, in)
	out.Normalize()
	return out, !reflect.DeepEqual(cur, out)
}

func pickList[S ~[]E, E any](dst *S, v S, newer bool) {
	if len(v) > 0 && (newer || len(*dst) == 0) {
		*dst = slices.Clone(v)
	}
}

// mergeAuthors keeps the author list of the newer description, but an author
// list with affiliations is not replaced by the same names without them
// (Kaggle and Hugging Face never carry affiliations).
func mergeAuthors(old, in []Author, newer bool) []Author {
	switch {
	case len(in) == 0:
		return old
	case len(old) == 0:
		return in
	case sameNames(old, in) && hasAffiliations(old) && !hasAffiliations(in):
		return old
	case sameNames(old, in) && !hasAffiliations(old) && hasAffiliations(in):
		return in
	case newer:
		return in
	}
	return old
}

func sameNames(a, b []Author) bool {
	return slices.EqualFunc(a, b, func(x, y Author) bool { return x.Name == y.Name })
}

func hasAffiliations(as []Author) bool {
	return slices.ContainsFunc(as, func(a Author) bool { return len(a.Affiliations) > 0 })
}

// mergeVersions unites two version lists by number; for a version both know,
// the entry with more detail (size, source type) wins, and a missing date is filled.
func mergeVersions(old, in []Version) []Version {
	byNum := make(map[int]Version, len(old)+len(in))
	for _, v := range old {
		byNum[v.Version] = v
	}
	for _, v := range in {
		cur, ok := byNum[v.Version]
		switch {
		case !ok:
			byNum[v.Version] = v
		case cur.Size == "" && v.Size != "":
			if v.Date.IsZero() {
				v.Date = cur.Date
			}
			byNum[v.Version] = v
		case cur.Date.IsZero() && !v.Date.IsZero():
			cur.Date = v.Date
			byNum[v.Version] = cur
		}
	}
	out := make([]Version, 0, len(byNum))
	for _, v := range byNum {
		out = append(out, v)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out
}

func earliest(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}

// mergeCommunity takes the incoming community fields when it has them: they
// come from later snapshots of a living page (more stars, a repository added).
func mergeCommunity(out *Paper, in Paper) {
	if in.GitHubRepo != "" {
		out.GitHubRepo = in.GitHubRepo
	}
	if in.GitHubStars > 0 {
		out.GitHubStars = in.GitHubStars
	}
	if in.ProjectPage != "" {
		out.ProjectPage = in.ProjectPage
	}
	if in.AISummary != "" {
		out.AISummary = in.AISummary
	}
	if len(in.AIKeywords) > 0 {
		out.AIKeywords = slices.Clone(in.AIKeywords)
	}
}

// MergeEntry combines a stored feed entry (nil when there is none) with an
// incoming one for the same paper. The first day a paper was put on stays its
// day; counts only grow (an import of an older snapshot must not take votes
// away); missing details are filled.
func MergeEntry(old *Entry, in Entry) (Entry, bool) {
	in.Normalize()
	if old == nil {
		return in, true
	}
	cur := *old
	cur.Normalize()
	out := cur
	out.Upvotes = max(cur.Upvotes, in.Upvotes)
	out.NumComments = max(cur.NumComments, in.NumComments)
	if out.Submitter == "" {
		out.Submitter = in.Submitter
	}
	if out.Thumbnail == "" {
		out.Thumbnail = in.Thumbnail
	}
	if len(out.MediaURLs) == 0 {
		out.MediaURLs = slices.Clone(in.MediaURLs)
	}
	out.Normalize()
	return out, !reflect.DeepEqual(cur, out)
}

// MergeUser fills and refreshes a user's public profile from an import.
func MergeUser(old *User, in User) (User, bool) {
	if old == nil {
		return in, true
	}
	out := *old
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&out.FullName, in.FullName}, {&out.AvatarURL, in.AvatarURL}, {&out.Type, in.Type}, {&out.HFID, in.HFID},
	} {
		if f.v != "" {
			*f.dst = f.v
		}
	}
	return out, out != *old
}
