package search

import (
	"context"
	"fmt"
	"slices"
)

// memSource is a Source in memory: the engine's tests run without a
// database (the store's tests run it on both).
type memSource struct {
	segments []Segment
	pages    map[int64][]Page
	papers   map[int64]Candidate
	pairs    []Pair // the abbreviations the papers define
}

// newMemSource indexes papers, seq i+1 for papers[i], in segments of per
// papers each.
func newMemSource(papers []Candidate, per int) *memSource {
	src := &memSource{pages: map[int64][]Page{}, papers: map[int64]Candidate{}}
	for start := 0; start < len(papers); start += per {
		b := NewBuilder()
		for i, p := range papers[start:min(len(papers), start+per)] {
			p.Seq = int64(start + i + 1)
			src.papers[p.Seq] = p
			b.AddPaper(p.Seq, p.Title, p.Summary, p.Authors)
		}
		id := int64(len(src.segments) + 1)
		src.pages[id] = b.Pages()
		src.segments = append(src.segments, Segment{ID: id, Docs: min(per, len(papers)-start), Bloom: b.Bloom()})
	}
	slices.Reverse(src.segments) // the newest papers first
	return src
}

func (src *memSource) Segments() []Segment { return src.segments }

func (src *memSource) Pages(_ context.Context, segments []int64, term string) (map[int64][]byte, error) {
	out := map[int64][]byte{}
	for _, id := range segments {
		for _, p := range src.pages[id] {
			if p.First <= term {
				out[id] = p.Data
			}
		}
	}
	return out, nil
}

func (src *memSource) Candidates(_ context.Context, seqs []int64) ([]Candidate, error) {
	var out []Candidate
	for _, seq := range seqs {
		if p, ok := src.papers[seq]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

func (src *memSource) Abbreviations(_ context.Context, shorts, longs []string) ([]Pair, error) {
	var out []Pair
	for _, p := range src.pairs {
		if slices.Contains(shorts, p.Short) || slices.Contains(longs, p.Long) {
			out = append(out, p)
		}
	}
	return out, nil
}

// papersOf makes n papers with title and abstract, published one a day.
func papersOf(n int, title, abstract string) []Candidate {
	out := make([]Candidate, n)
	for i := range out {
		out[i] = Candidate{ID: fmt.Sprintf("2401.%05d", i+1), Title: title, Summary: abstract, Upvotes: -1}
	}
	return out
}
