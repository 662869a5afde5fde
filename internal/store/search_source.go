package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
)

// searchSource is the store's side of one search (search.Source): the
// segments listed and the pages and papers read in one read transaction,
// the candidates passing the search's filters, SQL on papers p.
type searchSource struct {
	s        *Store
	tx       *sql.Tx
	segments []search.Segment
	pr       *pageReader
	filters  string
	fargs    []any
}

func (src *searchSource) close() {
	src.pr.close()
	src.tx.Rollback()
}

// Segments lists the segments, the newest papers first.
func (src *searchSource) Segments() []search.Segment { return src.segments }

// Pages returns the page that would hold term in each of the segments.
func (src *searchSource) Pages(ctx context.Context, segments []int64, term string) (map[int64][]byte, error) {
	return src.pr.pages(ctx, segments, term)
}

// Candidates reads the papers seqs that pass the filters, with their feed
// entry's upvotes (-1 without one).
func (src *searchSource) Candidates(ctx context.Context, seqs []int64) ([]search.Candidate, error) {
	list, err := listParam(src.s.d, seqs)
	if err != nil {
		return nil, err
	}
	rows, err := src.s.stmts.queryTx(ctx, src.tx, src.s.candidatesSQL(src.filters), append([]any{list}, src.fargs...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []search.Candidate
	for rows.Next() {
		var c search.Candidate
		var published sql.NullTime
		if err := rows.Scan(&c.Seq, &c.ID, &c.Title, &c.Authors, &c.Summary, &published, &c.Upvotes); err != nil {
			return nil, err
		}
		c.Published = published.Time
		out = append(out, c)
	}
	return out, rows.Err()
}

// candidatesSQL reads a search's candidates, the papers of a list of seqs
// that pass the filters.
func (s *Store) candidatesSQL(filters string) string {
	return s.d.rebind(`SELECT p.seq, p.id, p.title, p.authors_text, p.abstract, p.published_at,
		COALESCE((SELECT MAX(e.upvotes) FROM daily_entries e WHERE e.paper_id = p.id), -1)
		FROM papers p WHERE p.seq ` + s.d.inParam("bigint") + filters)
}

// papersSQL reads the papers of a list of ids.
func (s *Store) papersSQL() string {
	return s.d.rebind(`SELECT ` + prefixed("p.", paperColumns) + ` FROM papers p WHERE p.id ` + s.d.inParam("text"))
}

// papersInOrder loads the papers with ids, in the order of ids, in the
// search's transaction: asking the pool for another connection here, while
// holding one, stalled every search once as many ran at once as the pool
// has connections.
func (src *searchSource) papersInOrder(ctx context.Context, ids []string) ([]paper.Paper, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	list, err := listParam(src.s.d, ids)
	if err != nil {
		return nil, err
	}
	rows, err := src.s.stmts.queryTx(ctx, src.tx, src.s.papersSQL(), list)
	if err != nil {
		return nil, err
	}
	ps, err := scanPapers(rows)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]paper.Paper, len(ps))
	for _, p := range ps {
		byID[p.ID] = p
	}
	out := make([]paper.Paper, 0, len(ids))
	for _, id := range ids {
		if p, ok := byID[id]; ok {
			out = append(out, p)
		}
	}
	return out, nil
}

// searchBest returns the papers search.Rank finds for q with the filters,
// best first, and how many matched.
func (s *Store) searchBest(ctx context.Context, q *search.Query, opt search.Options, filters string, fargs []any) ([]paper.Paper, search.Result, error) {
	src, err := s.beginSearch(ctx, filters, fargs)
	if err != nil {
		return nil, search.Result{}, err
	}
	defer src.close()
	opt.Cache, opt.Scratch = s.segments.postings, s.segments.scratch
	res, err := search.Rank(ctx, src, q, opt)
	if err != nil {
		return nil, search.Result{}, err
	}
	found, err := src.papersInOrder(ctx, res.IDs)
	if err != nil {
		return nil, search.Result{}, fmt.Errorf("search papers: %w", err)
	}
	return found, res, nil
}

// exactTitleOwnIndex returns the papers indexed under the title key (a
// hash: the caller checks the titles), at most 100 (search.TitleSeqs).
func (s *Store) exactTitleOwnIndex(ctx context.Context, key string) ([]int64, error) {
	src, err := s.beginSearch(ctx, "", nil)
	if err != nil {
		return nil, err
	}
	defer src.close()
	return search.TitleSeqs(ctx, src, key)
}
