package search

import (
	"context"
	"fmt"
)

// maxTitleMatches bounds the papers TitleSeqs returns.
const maxTitleMatches = 100

// TitleSeqs returns the papers indexed under the whole title key
// (TitleTerm; a hash, so the caller checks the titles), at most 100,
// reading one page in each segment whose filter may have it: usually one.
func TitleSeqs(ctx context.Context, src Source, key string) ([]int64, error) {
	term := TitleTerm(key)
	var ask []int64
	for _, seg := range src.Segments() {
		if seg.Bloom.MayHave(term) {
			ask = append(ask, seg.ID)
		}
	}
	pages, err := src.Pages(ctx, ask, term)
	if err != nil {
		return nil, fmt.Errorf("exact title: %w", err)
	}
	var out []int64
	for _, seg := range ask {
		if pages[seg] == nil {
			continue
		}
		seqs, err := Find(pages[seg], term)
		if err != nil {
			return nil, fmt.Errorf("exact title: %w", err)
		}
		if out = append(out, seqs...); len(out) >= maxTitleMatches {
			return out[:maxTitleMatches], nil
		}
	}
	return out, nil
}
