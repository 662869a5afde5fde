package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
)

// The search index: every import batch adds one segment of pages of
// postings (package search) for the papers whose text it added or changed. A
// changed paper's old postings stay where they are: searches check every
// match against the paper's current text, so a stale posting costs a row
// read and is never a wrong answer. Deleted papers' postings are skipped the
// same way, when their seq no longer joins a paper.

// PreparedSearch is the search index of a batch of items before it is
// imported: its papers numbered by their place in the batch.
type PreparedSearch struct {
	b     *search.Builder
	items int
}

// PrepareSearch finds the search words of the items' papers, the part of
// indexing that needs no database: an importer calls it on its parsing
// goroutine so that the writer's core does not, and passes the result to
// ImportPrepared.
func (s *Store) PrepareSearch(items []Item) *PreparedSearch {
	b := search.NewBuilder()
	for i := range items {
		p := &items[i].Paper
		addPaperText(b, int64(i), p.Title, p.Abstract, authorsText(p.Authors))
	}
	return &PreparedSearch{b: b, items: len(items)}
}

// addPaperText indexes a paper's words with their stems and its title's
// stems (search.Builder.AddPaper), and its whole title for exact-title
// lookups (exactTitleOwnIndex): an index on the title column took random
// inserts of long keys, which made a million-paper import a third slower.
func addPaperText(b *search.Builder, seq int64, title, abstract, authors string) {
	b.AddPaper(seq, title, abstract, authors)
	b.AddTerm(seq, search.TitleTerm(normalizeTitle(title)))
}

// indexSearch adds the written papers whose indexed text is new or changed
// to the search index as one segment. freshSeqs are the seqs writePapers
// gave new papers. prep, when not nil, is the items' own index from
// PrepareSearch; a paper whose merged text is not its item's (an older
// description that did not replace a newer one) is indexed here.
func (s *Store) indexSearch(ctx context.Context, tx *sql.Tx, items []Item, prep *PreparedSearch, old map[string]*paper.Paper, written []paper.Paper, freshSeqs map[string]int64) error {
	if prep != nil && prep.items != len(items) {
		prep = nil
	}
	last := make(map[string]int, len(items)) // id -> its last item
	for i := range items {
		last[items[i].Paper.ID] = i
	}
	seqs := maps.Clone(freshSeqs)
	if seqs == nil {
		seqs = map[string]int64{}
	}
	var todo []*paper.Paper
	var unknown []string // papers whose seqs are read
	for i := range written {
		p := &written[i]
		if prev := old[p.ID]; prev != nil && sameIndexedText(prev, p) {
			continue // the indexed text is unchanged
		}
		todo = append(todo, p)
		if _, ok := seqs[p.ID]; !ok {
			unknown = append(unknown, p.ID)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	if err := s.readSeqs(ctx, tx, unknown, seqs); err != nil {
		return err
	}
	if err := s.learnDefinitions(ctx, tx, todo); err != nil {
		return err
	}
	seqOf := make([]int64, len(items))
	for i := range seqOf {
		seqOf[i] = -1
	}
	extra := search.NewBuilder() // papers prep does not have
	var maxSeq int64
	for _, p := range todo {
		seq, ok := seqs[p.ID]
		if !ok {
			return fmt.Errorf("index paper %s: no seq", p.ID)
		}
		maxSeq = max(maxSeq, seq)
		i := last[p.ID]
		if prep != nil && sameIndexedText(&items[i].Paper, p) {
			seqOf[i] = seq
		} else {
			addPaperText(extra, seq, p.Title, p.Abstract, authorsText(p.Authors))
		}
	}
	b := extra
	if prep != nil {
		b = prep.b.Renumbered(seqOf)
		b.Merge(extra)
	}
	if err := s.writeSegment(ctx, tx, b, len(todo), maxSeq); err != nil {
		return err
	}
	return s.mergeSegments(ctx, tx)
}

// readSeqs adds the seqs of the papers ids to seqs.
func (s *Store) readSeqs(ctx context.Context, tx *sql.Tx, ids []string, seqs map[string]int64) error {
	return forChunks(ids, 1000, func(chunk []string) error {
		rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, seq FROM papers WHERE id IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return fmt.Errorf("read seqs: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var id string
			var seq int64
			if err := rows.Scan(&id, &seq); err != nil {
				return fmt.Errorf("read seqs: %w", err)
			}
			seqs[id] = seq
		}
		return rows.Err()
	})
}

// writeSegment stores the postings of b as a new segment of docs papers.
func (s *Store) writeSegment(ctx context.Context, tx *sql.Tx, b *search.Builder, docs int, maxSeq int64) error {
	if b.Empty() {
		return nil
	}
	id, err := s.newSegment(ctx, tx, docs, maxSeq, b.Bloom())
	if err != nil {
		return err
	}
	return forChunks(b.Pages(), 100, func(pages []search.Page) error {
		return s.insertPages(ctx, tx, id, pages)
	})
}

// newSegment adds a segment's row and returns its id.
func (s *Store) newSegment(ctx context.Context, tx *sql.Tx, docs int, maxSeq int64, filter search.Bloom) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO search_segments (docs, max_seq, bloom) VALUES (?, ?, ?) RETURNING id`),
		docs, maxSeq, []byte(filter)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("write search segment: %w", err)
	}
	return id, nil
}

// insertPages writes pages of the segment, in one statement.
func (s *Store) insertPages(ctx context.Context, tx *sql.Tx, segment int64, pages []search.Page) error {
	if len(pages) == 0 {
		return nil
	}
	args := make([]any, 0, 3*len(pages))
	for _, p := range pages {
		args = append(args, segment, p.First, p.Data)
	}
	_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO search_pages (segment, first_term, data) VALUES `+placeholders(len(pages), 3)), args...)
	if err != nil {
		return fmt.Errorf("write search pages: %w", err)
	}
	return nil
}

// sameIndexedText says whether two descriptions of a paper index the same
// words: the same title, abstract and author names. It compares the names
// one by one rather than joining them, as it runs for every paper an
// import writes.
func sameIndexedText(a, b *paper.Paper) bool {
	return a.Title == b.Title && a.Abstract == b.Abstract &&
		slices.EqualFunc(a.Authors, b.Authors, func(x, y paper.Author) bool { return x.Name == y.Name })
}

// reindexAll builds the search index of every stored paper, a segment per
// 5,000 papers: the Go step of migrations 8 and 13.
func (s *Store) reindexAll(ctx context.Context, tx *sql.Tx) error {
	const per = 5000
	for from := int64(0); ; {
		rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT seq, title, abstract, authors_text FROM papers WHERE seq > ? ORDER BY seq LIMIT ?`), from, per)
		if err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		b := search.NewBuilder()
		docs := 0
		for rows.Next() {
			var title, abstract, authors string
			if err := rows.Scan(&from, &title, &abstract, &authors); err != nil {
				rows.Close()
				return fmt.Errorf("reindex: %w", err)
			}
			addPaperText(b, from, title, abstract, authors)
			docs++
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		if docs == 0 {
			return nil
		}
		if err := s.writeSegment(ctx, tx, b, docs, from); err != nil {
			return err
		}
		if err := s.mergeSegments(ctx, tx); err != nil {
			return err
		}
	}
}
