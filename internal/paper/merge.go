package paper

import (
	"maps"
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
	for f, r := range p.FieldRanks {
		p.FieldRanks[f] = Rank{At: normTime(r.At), Version: r.Version}
	}
	if len(p.FieldRanks) == 0 {
		p.FieldRanks = nil
	}
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

// Merge combines what the store has (old, nil when the paper is new) with an
// incoming description of the same paper and reports whether the result
// differs from old.
//
// Each arXiv metadata field keeps the value of the highest-ranked
// description that has one (see Rank), so newer metadata replaces older and
// never the reverse, a field one description lacks is filled from another,
// and the sources of a paper can be imported in any order, any number of
// times, with the same result. Versions are united. Community fields (code,
// project page, AI summary) take the incoming value when it has one.
func Merge(old *Paper, in Paper) (Paper, bool) {
	in.Normalize()
	in.FieldRanks = nil // ranks are the store's bookkeeping, not a source's
	if old == nil {
		return in, true
	}
	cur := *old
	cur.FieldRanks = maps.Clone(old.FieldRanks)
	cur.Normalize()
	out := cur
	ranks := mergeFields(&out, &cur, &in)
	out.Versions = mergeVersions(cur.Versions, in.Versions)
	out.Version = max(cur.Version, in.Version)
	out.PublishedAt = earliest(cur.PublishedAt, in.PublishedAt)
	if in.UpdatedAt.After(cur.UpdatedAt) {
		out.UpdatedAt = in.UpdatedAt
	}
	out.FieldRanks = nil
	for name, r := range ranks {
		if r.Version != out.Version || !r.At.Equal(out.UpdatedAt) {
			if out.FieldRanks == nil {
				out.FieldRanks = map[string]Rank{}
			}
			out.FieldRanks[name] = r
		}
	}
	mergeCommunity(&out, in)
	out.Normalize()
	return out, !reflect.DeepEqual(cur, out)
}

// mergeFields sets each ranked field of out to the better of cur's and in's
// values and returns the rank of every field that has a value.
func mergeFields(out, cur, in *Paper) map[string]Rank {
	inRank := in.Rank()
	ranks := make(map[string]Rank, len(rankedFields))
	for _, f := range rankedFields {
		curRank := cur.rankOf(f.name)
		ck, ik := f.key(cur), f.key(in)
		switch {
		case ik == "":
			// in says nothing of this field
		case ck == "":
			f.take(out, in)
			curRank = inRank
		case f.name == "authors" && sameNames(cur.Authors, in.Authors) && hasAffiliations(in.Authors) != hasAffiliations(cur.Authors):
			// The same people, one list with affiliations (Kaggle and
			// Hugging Face never have them): keep the richer list.
			if hasAffiliations(in.Authors) {
				f.take(out, in)
			}
			curRank = maxRank(curRank, inRank)
		default:
			c := inRank.Compare(curRank)
			if c > 0 || (c == 0 && ik > ck) { // a tie goes to the greater value, whatever the order
				f.take(out, in)
				curRank = inRank
			}
		}
		if ck != "" || ik != "" {
			ranks[f.name] = curRank
		}
	}
	return ranks
}

func sameNames(a, b []Author) bool {
	return slices.EqualFunc(a, b, func(x, y Author) bool { return x.Name == y.Name })
}

func hasAffiliations(as []Author) bool {
	return slices.ContainsFunc(as, func(a Author) bool { return len(a.Affiliations) > 0 })
}

// mergeVersions unites two version lists by number. For a version both
// know, the entry with more detail (size and source type, from arXivRaw)
// wins, ties going the same way whatever the order, and a missing date is
// filled from the other.
func mergeVersions(old, in []Version) []Version {
	byNum := make(map[int]Version, len(old)+len(in))
	for _, v := range slices.Concat(old, in) {
		cur, ok := byNum[v.Version]
		if !ok {
			byNum[v.Version] = v
			continue
		}
		best, other := cur, v
		if richerVersion(v, cur) {
			best, other = v, cur
		}
		if best.Date.IsZero() {
			best.Date = other.Date
		}
		byNum[v.Version] = best
	}
	out := slices.Collect(maps.Values(byNum))
	slices.SortFunc(out, func(a, b Version) int { return a.Version - b.Version })
	return out
}

// richerVersion orders two descriptions of one version: detail first, then
// the values themselves, so that the choice does not depend on order.
func richerVersion(a, b Version) bool {
	if (a.Size != "") != (b.Size != "") {
		return a.Size != ""
	}
	if a.Size != b.Size {
		return a.Size > b.Size
	}
	if a.SourceType != b.SourceType {
		return a.SourceType > b.SourceType
	}
	return a.Date.After(b.Date)
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

// mergeCommunity fills the community fields (code, project page, AI summary)
// the paper lacks. They come from snapshots of a living page whose dates the
// files do not tell, so a value once stored stays (curators can change it);
// stars only grow, so an older snapshot imported later cannot lower them.
func mergeCommunity(out *Paper, in Paper) {
	for _, f := range []struct {
		dst *string
		v   string
	}{
		{&out.GitHubRepo, in.GitHubRepo}, {&out.ProjectPage, in.ProjectPage}, {&out.AISummary, in.AISummary},
	} {
		if *f.dst == "" {
			*f.dst = f.v
		}
	}
	out.GitHubStars = max(out.GitHubStars, in.GitHubStars)
	if len(out.AIKeywords) == 0 {
		out.AIKeywords = slices.Clone(in.AIKeywords)
	}
}

// MergeEntry combines a stored feed entry (nil when there is none) with an
// incoming one for the same paper. A paper is on one day only: the day of
// its earliest submission, whatever order the files come in. Counts only grow
// (an older snapshot imported later must not take votes away); missing
// details are filled.
func MergeEntry(old *Entry, in Entry) (Entry, bool) {
	in.Normalize()
	if old == nil {
		return in, true
	}
	cur := *old
	cur.Normalize()
	out := cur
	if !in.SubmittedAt.IsZero() && (cur.SubmittedAt.IsZero() || in.SubmittedAt.Before(cur.SubmittedAt)) {
		out.Day, out.SubmittedAt = in.Day, in.SubmittedAt
	}
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
