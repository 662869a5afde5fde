package search

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBestSeqs: the k best by weight, the newest first among equals, as
// sorting them all would give, with many ties and with none.
func TestBestSeqs(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, distinct := range []int{1, 3, 50, 1 << 20} {
		for _, n := range []int{0, 1, 5, 100, 3000} {
			weight := make([]float32, 5000)
			seqs := rng.Perm(len(weight))[:n]
			var list []int64
			for _, s := range seqs {
				weight[s] = float32(1 + rng.IntN(distinct))
				list = append(list, int64(s))
			}
			want := slices.Clone(list)
			slices.SortFunc(want, func(a, b int64) int {
				if c := cmp.Compare(weight[b], weight[a]); c != 0 {
					return c
				}
				return cmp.Compare(b, a)
			})
			for _, k := range []int{1, 7, 60, 2000} {
				got := bestSeqs(list, weight, k)
				if w := want[:min(k, len(want))]; !slices.Equal(got, w) {
					t.Fatalf("distinct %d, n %d, k %d: got %v, want %v", distinct, n, k, got[:min(10, len(got))], w[:min(10, len(w))])
				}
			}
		}
	}
}
