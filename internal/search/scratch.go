package search

import "sync"

// Scratch is memory searches reuse. Each search adds up its candidates'
// weights in an array indexed by seq, as long as the papers are many (4 MB
// at a million): allocated and cleared anew by every search, it was a
// cost in CPU and, with many searches at once, in memory. A search takes
// one and gives it back cleared. It is safe for concurrent use; a nil
// Scratch allocates every time.
type Scratch struct {
	weights sync.Pool // of *[]float32, all zero
}

// NewScratch returns an empty Scratch.
func NewScratch() *Scratch { return &Scratch{} }

// weightsOf returns a zeroed array of n weights.
func (s *Scratch) weightsOf(n int) []float32 {
	if s != nil {
		if p, ok := s.weights.Get().(*[]float32); ok && cap(*p) >= n {
			return (*p)[:n]
		}
	}
	return make([]float32, n, n+n/8) // room for the papers to come
}

// give returns weights to s, clearing the entries at touched, which are
// all that are not zero.
func (s *Scratch) give(weights []float32, touched []int64) {
	if s == nil {
		return
	}
	for _, seq := range touched {
		weights[seq] = 0
	}
	s.weights.Put(&weights)
}
