package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/recs"
)

// The inverted lookup of Similar: the paper's similarQueryTerms heaviest
// terms are looked up, each term's similarPostings heaviest papers read,
// and the similarCandidates best by that partial dot product are scored
// exactly. Each bound caps a request's work whatever the corpus size.
const (
	similarQueryTerms = 10
	similarPostings   = 150
	similarCandidates = 100
)

// SimilarHow says in a line how Similar chooses, for the paper page.
const SimilarHow = "Papers whose titles and abstracts use the most of this paper's distinctive words (tf-idf cosine)."

// Similar returns the stored papers most like the paper: the highest
// cosine between their tf-idf vectors over title and abstract stems (see
// internal/recs), the more recently stored first among equals, the paper
// itself left out. Every stored paper can be found, on the feed or not.
func (s *Store) Similar(ctx context.Context, id string, limit int) ([]DayEntry, error) {
	seq, v, err := s.paperVector(ctx, id)
	if err != nil {
		return nil, err
	}
	cands, err := s.similarCandidates(ctx, seq, v)
	if err != nil {
		return nil, fmt.Errorf("Similar(%q): %w", id, err)
	}
	if len(cands) > limit {
		cands = cands[:limit]
	}
	ids := make([]string, len(cands))
	for i, c := range cands {
		ids[i] = c.ID
	}
	out, err := s.dayEntries(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("Similar(%q): %w", id, err)
	}
	return out, nil
}

// paperVector returns a paper's seq and vector, computed now from the
// stored frequencies if the backfill has not reached it yet.
func (s *Store) paperVector(ctx context.Context, id string) (int64, recs.Vector, error) {
	var seq int64
	var t recsText
	var cats string
	var blob []byte
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT p.seq, p.title, p.abstract, p.categories, v.vec
		FROM papers p LEFT JOIN paper_vectors v ON v.seq = p.seq WHERE p.id = ?`), id).Scan(&seq, &t.title, &t.abstract, &cats, &blob)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, recs.Vector{}, fmt.Errorf("vector of %q: %w", id, paper.ErrNotFound)
	}
	if err != nil {
		return 0, recs.Vector{}, fmt.Errorf("vector of %q: %w", id, err)
	}
	if blob != nil {
		v, err := recs.Decode(blob)
		return seq, v, err
	}
	if err := json.Unmarshal([]byte(cats), &t.categories); err != nil {
		return 0, recs.Vector{}, fmt.Errorf("categories of %q: %w", id, err)
	}
	vs, _, err := s.vectorsOf(ctx, s.r, []recsText{t})
	if err != nil {
		return 0, recs.Vector{}, fmt.Errorf("vector of %q: %w", id, err)
	}
	return seq, vs[0], nil
}

// scored is a candidate with its cosine.
type scored struct {
	seq   int64
	ID    string
	score float64
}

// similarCandidates ranks the papers found under v's heaviest terms by
// their exact cosine to v, best first, leaving out the paper seq.
func (s *Store) similarCandidates(ctx context.Context, seq int64, v recs.Vector) ([]scored, error) {
	top := v.Top(similarQueryTerms)
	if len(top) == 0 {
		return nil, nil
	}
	// One query for every term: a UNION ALL of each term's heaviest postings.
	parts := make([]string, len(top))
	args := make([]any, 0, 2*len(top))
	for i, t := range top {
		parts[i] = `SELECT * FROM (SELECT term_id, weight, seq FROM vector_postings WHERE term_id = ? ORDER BY weight DESC LIMIT ?) p` + fmt.Sprint(i)
		args = append(args, int64(v.Terms[t]), similarPostings)
	}
	rows, err := s.r.QueryContext(ctx, s.d.rebind(strings.Join(parts, " UNION ALL ")), args...)
	if err != nil {
		return nil, err
	}
	weightOf := make(map[uint32]float64, len(top))
	for _, t := range top {
		weightOf[v.Terms[t]] = v.Weight(t)
	}
	partial := map[int64]float64{}
	for rows.Next() {
		var term, w, other int64
		if err := rows.Scan(&term, &w, &other); err != nil {
			rows.Close()
			return nil, err
		}
		if other != seq {
			partial[other] += weightOf[uint32(term)] * float64(w)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	seqs := make([]int64, 0, len(partial))
	for o := range partial {
		seqs = append(seqs, o)
	}
	sort.Slice(seqs, func(i, j int) bool {
		if partial[seqs[i]] != partial[seqs[j]] {
			return partial[seqs[i]] > partial[seqs[j]]
		}
		return seqs[i] > seqs[j]
	})
	seqs = seqs[:min(len(seqs), similarCandidates)]
	return s.scoreSeqs(ctx, seqs, v)
}

// scoreSeqs reads the vectors of seqs and ranks them by cosine to v, best
// first, the more recently stored first among equals.
func (s *Store) scoreSeqs(ctx context.Context, seqs []int64, v recs.Vector) ([]scored, error) {
	var out []scored
	err := forChunks(seqs, 500, func(chunk []int64) error {
		rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT v.seq, p.id, v.vec FROM paper_vectors v JOIN papers p ON p.seq = v.seq
			WHERE v.seq IN (`+inList(len(chunk))+`) AND v.vec IS NOT NULL`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var c scored
			var blob []byte
			if err := rows.Scan(&c.seq, &c.ID, &blob); err != nil {
				return err
			}
			w, err := recs.Decode(blob)
			if err != nil {
				return fmt.Errorf("vector of paper %d: %w", c.seq, err)
			}
			c.score = recs.Cosine(v, w)
			out = append(out, c)
		}
		return rows.Err()
	})
	sort.Slice(out, func(i, j int) bool {
		if out[i].score != out[j].score {
			return out[i].score > out[j].score
		}
		return out[i].seq > out[j].seq
	})
	return out, err
}

// dayEntries returns the papers of ids in that order, each with its feed
// entry when it has one.
func (s *Store) dayEntries(ctx context.Context, ids []string) ([]DayEntry, error) {
	entries, err := s.EntriesOf(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]DayEntry, 0, len(ids))
	for _, id := range ids {
		de, ok := entries[id]
		if !ok {
			p, err := s.GetPaper(ctx, id)
			if err != nil {
				return nil, err
			}
			de = DayEntry{Paper: p}
		}
		out = append(out, de)
	}
	return out, nil
}

// VectorsOf returns the vectors of the stored papers among ids (a reader's
// saves and upvotes, for recs.Rank), in no particular order. Papers the
// backfill has not reached are left out.
func (s *Store) VectorsOf(ctx context.Context, ids []string) ([]recs.Item, error) {
	var out []recs.Item
	err := forChunks(ids, 500, func(chunk []string) error {
		items, err := s.queryVectors(ctx, `SELECT p.id, v.vec FROM papers p JOIN paper_vectors v ON v.seq = p.seq
			WHERE p.id IN (`+inList(len(chunk))+`) AND v.vec IS NOT NULL`, anySlice(chunk)...)
		out = append(out, items...)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("VectorsOf(%d ids): %w", len(ids), err)
	}
	return out, nil
}

// PeriodVectors returns the vectors of every stored paper whose first
// version is in [from, to), newest first: For you's candidates. A period
// of the site's days is from the first day's midnight to the midnight
// after the last, in the site's time zone (period.Period's bounds).
func (s *Store) PeriodVectors(ctx context.Context, from, to time.Time) ([]recs.Item, error) {
	items, err := s.queryVectors(ctx, `SELECT p.id, v.vec FROM papers p JOIN paper_vectors v ON v.seq = p.seq
		WHERE p.published_at >= ? AND p.published_at < ? AND v.vec IS NOT NULL
		ORDER BY p.published_at DESC, p.id DESC`, from.UTC(), to.UTC())
	if err != nil {
		return nil, fmt.Errorf("PeriodVectors(%s, %s): %w", from.Format(time.RFC3339), to.Format(time.RFC3339), err)
	}
	return items, nil
}

func (s *Store) queryVectors(ctx context.Context, query string, args ...any) ([]recs.Item, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []recs.Item
	for rows.Next() {
		var it recs.Item
		var blob []byte
		if err := rows.Scan(&it.ID, &blob); err != nil {
			return nil, err
		}
		if it.Vec, err = recs.Decode(blob); err != nil {
			return nil, fmt.Errorf("vector of %s: %w", it.ID, err)
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
