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

// TestUnionAll: the union of ascending lists, ascending, each seq once,
// for few lists and for more than a linear scan of heads takes.
func TestUnionAll(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, k := range []int{0, 1, 2, 5, 16, 17, 40} {
		lists := make([][]int64, k)
		var want []int64
		for i := range lists {
			for range rng.IntN(200) {
				lists[i] = append(lists[i], int64(rng.IntN(500)))
			}
			slices.Sort(lists[i])
			lists[i] = slices.Compact(lists[i])
			want = append(want, lists[i]...)
		}
		slices.Sort(want)
		want = slices.Compact(want)
		if got := unionAll(lists); !slices.Equal(got, want) && len(got)+len(want) > 0 {
			t.Errorf("%d lists: got %d seqs, want %d", k, len(got), len(want))
		}
	}
}
