package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"

	"github.com/dailypapers/dailypapers/internal/search"
)

// Segments are merged in tiers: once mergeFanIn segments hold a number of
// papers in the same tier, they become one segment of the next. Imports of
// a few papers (a submission, a day of Hugging Face) so never leave more
// than a few small segments, and a million-paper import ends as about ten
// segments rather than two hundred: a search reads one page a word in each
// segment, and reading them was most of a search's time. Each paper's
// postings are rewritten once a tier, three times in all.
var mergeTiers = []int{0, 4096, 32768, 262144} // the last tier is never merged

const mergeFanIn = 8

// mergeSegments merges the segments of any tier that has mergeFanIn of them.
func (s *Store) mergeSegments(ctx context.Context, tx *sql.Tx) error {
	for tier := 0; tier+1 < len(mergeTiers); {
		rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, docs, max_seq FROM search_segments
			WHERE docs >= ? AND docs < ? ORDER BY id`), mergeTiers[tier], mergeTiers[tier+1])
		if err != nil {
			return fmt.Errorf("merge search segments: %w", err)
		}
		var ids []int64
		docs, maxSeq := 0, int64(0)
		for rows.Next() {
			var id, n, m int64
			if err := rows.Scan(&id, &n, &m); err != nil {
				rows.Close()
				return fmt.Errorf("merge search segments: %w", err)
			}
			ids, docs, maxSeq = append(ids, id), docs+int(n), max(maxSeq, m)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("merge search segments: %w", err)
		}
		if len(ids) < mergeFanIn {
			tier++
			continue
		}
		if err := s.mergeInto(ctx, tx, ids, docs, maxSeq); err != nil {
			return err
		}
		// The merged segment may fill the tier above: look at this one
		// again, then go on up.
	}
	return nil
}

// mergeInto replaces the segments ids with one, streaming their pages in
// word order through a PageWriter: memory holds a few pages of each.
func (s *Store) mergeInto(ctx context.Context, tx *sql.Tx, ids []int64, docs int, maxSeq int64) error {
	id, err := s.newSegment(ctx, tx, docs, maxSeq, search.Bloom{}) // its filter is known at the end
	if err != nil {
		return err
	}
	var batch []search.Page
	flush := func() error {
		err := s.insertPages(ctx, tx, id, batch)
		batch = batch[:0]
		return err
	}
	// The merged filter is sized for the words of all the segments merged
	// (an upper bound on its own), read from their filters' sizes, so that
	// no list of words is kept.
	var filterBytes int64
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT COALESCE(SUM(LENGTH(bloom)), 0) FROM search_segments WHERE id IN (`+inList(len(ids))+`)`),
		anySlice(ids)...).Scan(&filterBytes)
	if err != nil {
		return fmt.Errorf("merge search segments: %w", err)
	}
	words := search.BloomWords(filterBytes)
	w := search.PageWriter{Filter: search.NewBloom(words), Emit: func(p search.Page) error {
		if batch = append(batch, p); len(batch) == 100 {
			return flush()
		}
		return nil
	}}
	cursors := make([]*pageCursor, len(ids))
	for i, seg := range ids {
		cursors[i] = &pageCursor{s: s, tx: tx, segment: seg}
	}
	for {
		term, found := "", false
		for _, c := range cursors {
			p, err := c.head(ctx)
			if err != nil {
				return err
			}
			if p != nil && (!found || p.Term < term) {
				term, found = p.Term, true
			}
		}
		if !found {
			break
		}
		var seqs []int64
		for _, c := range cursors {
			if p, _ := c.head(ctx); p != nil && p.Term == term {
				seqs = append(seqs, p.Seqs...)
				c.pop()
			}
		}
		slices.Sort(seqs)
		if err := w.Add(term, slices.Compact(seqs)); err != nil {
			return fmt.Errorf("merge search segments: %w", err)
		}
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("merge search segments: %w", err)
	}
	if err := flush(); err != nil {
		return fmt.Errorf("merge search segments: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE search_segments SET bloom = ? WHERE id = ?`), []byte(w.Filter), id); err != nil {
		return fmt.Errorf("merge search segments: %w", err)
	}
	for _, q := range []string{`DELETE FROM search_pages WHERE segment IN (`, `DELETE FROM search_segments WHERE id IN (`} {
		if _, err := tx.ExecContext(ctx, s.d.rebind(q+inList(len(ids))+`)`), anySlice(ids)...); err != nil {
			return fmt.Errorf("merge search segments: %w", err)
		}
	}
	return nil
}

// pageCursor walks a segment's words in order, reading its pages a few at
// a time (one result set at a time: PostgreSQL's driver cannot interleave
// several on one connection).
type pageCursor struct {
	s       *Store
	tx      *sql.Tx
	segment int64
	after   string // the first word of the last page read
	buf     []search.Posting
	done    bool
}

// head returns the cursor's current word, or nil at the end.
func (c *pageCursor) head(ctx context.Context) (*search.Posting, error) {
	for len(c.buf) == 0 && !c.done {
		if err := c.fill(ctx); err != nil {
			return nil, err
		}
	}
	if len(c.buf) == 0 {
		return nil, nil
	}
	return &c.buf[0], nil
}

func (c *pageCursor) pop() { c.buf = c.buf[1:] }

// fill reads the next pages. Every first word sorts after "": words are
// never empty.
func (c *pageCursor) fill(ctx context.Context) error {
	const pages = 4 // a common word's page can hold 300,000 postings
	rows, err := c.tx.QueryContext(ctx, c.s.d.rebind(`SELECT first_term, data FROM search_pages
		WHERE segment = ? AND first_term > ? ORDER BY first_term LIMIT ?`), c.segment, c.after, pages)
	if err != nil {
		return fmt.Errorf("read search segment %d: %w", c.segment, err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var data []byte
		if err := rows.Scan(&c.after, &data); err != nil {
			return fmt.Errorf("read search segment %d: %w", c.segment, err)
		}
		ps, err := search.Decode(data)
		if err != nil {
			return fmt.Errorf("read search segment %d: %w", c.segment, err)
		}
		c.buf = append(c.buf, ps...)
		n++
	}
	c.done = n < pages
	return rows.Err()
}
