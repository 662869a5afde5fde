package store

import (
	"context"
	"fmt"
)

// EntriesOf returns the feed entries of those papers among ids that are on
// a day, keyed by paper id. The API lists pages of papers with their upvotes
// and feed days; one query a page keeps that from being a query a paper.
func (s *Store) EntriesOf(ctx context.Context, ids []string) (map[string]DayEntry, error) {
	out := make(map[string]DayEntry, len(ids))
	err := forChunks(ids, s.d.maxParams(), func(chunk []string) error {
		query := entrySelect + `
			WHERE e.paper_id IN (` + inList(len(chunk)) + `)`
		es, err := s.queryEntries(ctx, query, anySlice(chunk)...)
		if err != nil {
			return err
		}
		for _, e := range es {
			out[e.Paper.ID] = e
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("EntriesOf(%d ids): %w", len(ids), err)
	}
	return out, nil
}

// EntriesInOrder returns the papers of ids in that order, each with its
// feed entry when it has one (papers harvested from arXiv listings have
// none). For you shows its picks through it.
func (s *Store) EntriesInOrder(ctx context.Context, ids []string) ([]DayEntry, error) {
	out, err := s.dayEntries(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("EntriesInOrder(%d ids): %w", len(ids), err)
	}
	return out, nil
}
