package search

import (
	"cmp"
	"slices"
)

// rankCandidates returns the ids of the n best candidates: papers with
// every word first (tier), then by the order asked for, then by score
// (see scorer.score), the newest first among equals.
func rankCandidates(cands []Candidate, n int, order string) []string {
	slices.SortFunc(cands, func(a, b Candidate) int {
		if a.tier != b.tier {
			return cmp.Compare(b.tier, a.tier)
		}
		switch order {
		case SortNewest:
			if c := b.Published.Compare(a.Published); c != 0 {
				return c
			}
		case SortUpvotes:
			if a.Upvotes != b.Upvotes {
				return cmp.Compare(b.Upvotes, a.Upvotes)
			}
		}
		if a.score != b.score {
			return cmp.Compare(b.score, a.score)
		}
		return cmp.Compare(b.Seq, a.Seq)
	})
	out := make([]string, 0, min(n, len(cands)))
	for _, c := range cands[:min(n, len(cands))] {
		out = append(out, c.ID)
	}
	return out
}
