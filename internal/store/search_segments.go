package store

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"github.com/dailypapers/dailypapers/internal/search"
)

// segmentCache keeps the segments' Bloom filters between searches. A
// segment never changes once written (merging writes a new one), so a
// filter read once serves every later search, which reads only the list
// of segments. It holds the filters of the segments that exist, about
// 10 bits a distinct word of each, and the postings searches decoded from
// them, postingsCacheSeqs at most (search.PostingsCache).
type segmentCache struct {
	mu       sync.Mutex
	filters  map[int64]search.Bloom
	postings *search.PostingsCache
	scratch  *search.Scratch // memory searches lend each other
}

// postingsCacheSeqs bounds the postings kept between searches: 4 Mi of
// them, about 32 MiB with the entries' keys and links.
const postingsCacheSeqs = 4 << 20

// list returns the segments, the newest papers first, with their filters.
func (c *segmentCache) list(ctx context.Context, tx *sql.Tx, rebind func(string) string) ([]search.Segment, error) {
	ids, docs, err := segmentIDs(ctx, tx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	var missing []int64
	for _, id := range ids {
		if _, ok := c.filters[id]; !ok {
			missing = append(missing, id)
		}
	}
	c.mu.Unlock()
	loaded, err := loadFilters(ctx, tx, rebind, missing)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	kept := make(map[int64]search.Bloom, len(ids))
	out := make([]search.Segment, len(ids))
	for i, id := range ids {
		f, ok := c.filters[id]
		if !ok {
			f = loaded[id]
		}
		kept[id], out[i] = f, search.Segment{ID: id, Docs: docs[i], Bloom: f}
	}
	var gone []int64
	for id := range c.filters {
		if _, ok := kept[id]; !ok {
			gone = append(gone, id)
		}
	}
	c.filters = kept // segments merged away are forgotten
	c.postings.Forget(gone)
	return out, nil
}

// segmentIDs lists the segments, the newest papers first, with how many
// papers each indexes.
func segmentIDs(ctx context.Context, tx *sql.Tx) ([]int64, []int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, docs FROM search_segments ORDER BY max_seq DESC, id DESC`)
	if err != nil {
		return nil, nil, fmt.Errorf("search segments: %w", err)
	}
	defer rows.Close()
	var ids []int64
	var docs []int
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, nil, fmt.Errorf("search segments: %w", err)
		}
		ids, docs = append(ids, id), append(docs, n)
	}
	return ids, docs, rows.Err()
}

// loadFilters reads the filters of the segments ids.
func loadFilters(ctx context.Context, tx *sql.Tx, rebind func(string) string, ids []int64) (map[int64]search.Bloom, error) {
	out := make(map[int64]search.Bloom, len(ids))
	err := forChunks(ids, 500, func(chunk []int64) error {
		rows, err := tx.QueryContext(ctx, rebind(`SELECT id, bloom FROM search_segments WHERE id IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var f []byte
			if err := rows.Scan(&id, &f); err != nil {
				return err
			}
			out[id] = f
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("search segment filters: %w", err)
	}
	return out, nil
}
