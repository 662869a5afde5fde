package paper

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

// Descriptions of one paper as different sources give it.
var (
	// The arXiv API at v2: affiliations, a DOI, both version dates.
	atomV2 = Paper{ID: "1604.05585", Version: 2, Title: "Title v2", Abstract: "Abstract v2",
		Authors:         []Author{{Name: "A. One", Affiliations: []string{"Uni A"}}, {Name: "B. Two"}},
		PrimaryCategory: "cs.LG", Categories: []string{"cs.LG", "stat.ML"}, DOIs: []string{"10.1/x"},
		Versions:    []Version{{Version: 1, Date: day("2016-04-19")}, {Version: 2, Date: day("2016-06-01")}},
		PublishedAt: day("2016-04-19"), UpdatedAt: day("2016-06-01")}
	// arXivRaw at v1: sizes, a licence, no affiliations.
	rawV1 = Paper{ID: "1604.05585", Version: 1, Title: "Title v1", Abstract: "Abstract v1",
		Authors:         []Author{{Name: "A. One"}, {Name: "B. Two"}},
		PrimaryCategory: "cs.LG", Categories: []string{"cs.LG"}, License: "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
		Versions:    []Version{{Version: 1, Date: day("2016-04-19"), Size: "120kb", SourceType: "D"}},
		PublishedAt: day("2016-04-19"), UpdatedAt: day("2016-04-19")}
	// Hugging Face: no version, community fields.
	hf = Paper{ID: "1604.05585", Title: "Title v1", Abstract: "Abstract v1",
		Authors:     []Author{{Name: "A. One"}, {Name: "B. Two"}},
		PublishedAt: day("2016-04-19"), UpdatedAt: day("2016-04-19"),
		GitHubRepo: "https://github.com/a/b", GitHubStars: 10, AISummary: "Short.", AIKeywords: []string{"k"}}
	// A withdrawal as v3.
	withdrawnV3 = Paper{ID: "1604.05585", Version: 3, Title: "Title v2", Abstract: "This paper has been withdrawn.",
		Withdrawn: true, Versions: []Version{{Version: 3, Date: day("2016-07-01"), Size: "0kb", SourceType: "I"}},
		UpdatedAt: day("2016-07-01")}
)

func mergeAll(ps ...Paper) Paper {
	var cur *Paper
	for _, p := range ps {
		m, _ := Merge(cur, p)
		cur = &m
	}
	return *cur
}

func TestMergeNewerWins(t *testing.T) {
	got := mergeAll(rawV1, atomV2, hf)
	want := Paper{ID: "1604.05585", Version: 2, Title: "Title v2", Abstract: "Abstract v2",
		Authors:         []Author{{Name: "A. One", Affiliations: []string{"Uni A"}}, {Name: "B. Two"}},
		PrimaryCategory: "cs.LG", Categories: []string{"cs.LG", "stat.ML"}, DOIs: []string{"10.1/x"},
		License: "http://arxiv.org/licenses/nonexclusive-distrib/1.0/",
		Versions: []Version{{Version: 1, Date: day("2016-04-19"), Size: "120kb", SourceType: "D"},
			{Version: 2, Date: day("2016-06-01")}},
		PublishedAt: day("2016-04-19"), UpdatedAt: day("2016-06-01"),
		GitHubRepo: "https://github.com/a/b", GitHubStars: 10, AISummary: "Short.", AIKeywords: []string{"k"},
		// The licence is v1's: the only description that has one.
		FieldRanks: map[string]Rank{"license": {At: day("2016-04-19"), Version: 1}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("merge (-want +got):\n%s", diff)
	}
}

// TestMergeOrderIndependent imports the same descriptions in every order:
// the stored paper must come out the same.
func TestMergeOrderIndependent(t *testing.T) {
	sources := []Paper{rawV1, atomV2, hf, withdrawnV3}
	var first *Paper
	permute(len(sources), func(order []int) {
		ps := make([]Paper, len(order))
		for i, j := range order {
			ps[i] = sources[j]
		}
		got := mergeAll(ps...)
		if first == nil {
			first = &got
			return
		}
		if diff := cmp.Diff(*first, got); diff != "" {
			t.Errorf("order %v gives another paper (-first +this):\n%s", order, diff)
		}
	})
	if !first.Withdrawn || first.Version != 3 || len(first.Versions) != 3 {
		t.Errorf("the withdrawal did not win: %+v", first)
	}
}

func TestMergeTwiceChangesNothing(t *testing.T) {
	for _, p := range []Paper{rawV1, atomV2, hf, withdrawnV3} {
		stored := mergeAll(rawV1, atomV2, hf, withdrawnV3)
		if _, changed := Merge(&stored, p); changed {
			t.Errorf("merging %s v%d again changed the paper", p.ID, p.Version)
		}
	}
	fresh, changed := Merge(nil, atomV2)
	if !changed {
		t.Error("a new paper must count as a change")
	}
	if _, changed := Merge(&fresh, atomV2); changed {
		t.Error("the same description twice changed the paper")
	}
}

func TestMergeEntry(t *testing.T) {
	first := Entry{PaperID: "x", Day: "2026-06-03", SubmittedAt: day("2026-06-03"), Submitter: "ak", Upvotes: 10, NumComments: 2}
	later := Entry{PaperID: "x", Day: "2026-06-04", SubmittedAt: day("2026-06-04"), Upvotes: 15, NumComments: 1, Thumbnail: "t.png"}
	got, changed := MergeEntry(&first, later)
	want := Entry{PaperID: "x", Day: "2026-06-03", SubmittedAt: day("2026-06-03"), Submitter: "ak", Upvotes: 15, NumComments: 2, Thumbnail: "t.png"}
	if !changed || !cmp.Equal(want, got) {
		t.Errorf("MergeEntry = %+v, %v; want %+v (one day only, counts never drop)", got, changed, want)
	}
	if _, changed := MergeEntry(&got, first); changed {
		t.Error("an older snapshot changed the entry")
	}
}

func TestMergeUser(t *testing.T) {
	old := User{Name: "ak", FullName: "AK", AvatarURL: "a.png", Type: "user"}
	if _, changed := MergeUser(&old, User{Name: "ak"}); changed {
		t.Error("a profile with nothing new changed the user")
	}
	got, changed := MergeUser(&old, User{Name: "ak", AvatarURL: "b.png"})
	if !changed || got.AvatarURL != "b.png" || got.FullName != "AK" {
		t.Errorf("MergeUser = %+v, %v", got, changed)
	}
}

// permute calls f with every permutation of 0..n-1.
func permute(n int, f func([]int)) {
	a := make([]int, n)
	for i := range a {
		a[i] = i
	}
	var rec func(k int)
	rec = func(k int) {
		if k == n {
			f(append([]int(nil), a...))
			return
		}
		for i := k; i < n; i++ {
			a[k], a[i] = a[i], a[k]
			rec(k + 1)
			a[k], a[i] = a[i], a[k]
		}
	}
	rec(0)
}
