package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/recs"
)

// VectorBackfill says what BackfillVectors did.
type VectorBackfill struct {
	Counted    int // papers counted into the document frequencies
	Vectorised int // vectors computed or recomputed
}

// BackfillVectors brings the paper vectors up to date, a batch of papers a
// transaction so that imports and votes go on meanwhile: first it counts
// every paper not counted yet (stored before migration 0017, or imported
// since: imports leave new papers to it) into the document frequencies,
// then it computes the vectors still missing and recomputes those whose
// idf came from a corpus less than half today's (a site's first papers).
// The server runs it in the background at start-up and after imports, the
// CLI import at its end; it is cheap once done. Two running at once
// neither count nor vectorise a paper twice (countBatch, staleVectors).
func (s *Store) BackfillVectors(ctx context.Context, batch int) (VectorBackfill, error) {
	var done VectorBackfill
	for after := int64(0); ; {
		n, last, err := s.backfillBatch(ctx, after, batch, false)
		if err != nil {
			return done, fmt.Errorf("BackfillVectors: %w", err)
		}
		if last == 0 {
			break
		}
		done.Counted += n
		after = last
	}
	for after := int64(0); ; {
		n, last, err := s.backfillBatch(ctx, after, batch, true)
		if err != nil {
			return done, fmt.Errorf("BackfillVectors: %w", err)
		}
		if n == 0 {
			return done, nil
		}
		done.Vectorised += n
		after = last
	}
}

// backfillBatch counts (vectorise false) or vectorises the next papers
// after the seq after that need it, and returns how many it did and the
// last seq it looked at, 0 if none.
func (s *Store) backfillBatch(ctx context.Context, after int64, batch int, vectorise bool) (n int, last int64, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if !vectorise {
			var err error
			n, last, err = s.countBatch(ctx, tx, after, batch)
			return err
		}
		vps, err := s.staleVectors(ctx, tx, after, batch)
		if err != nil || len(vps) == 0 {
			n, last = 0, 0
			return err
		}
		n, last = len(vps), vps[len(vps)-1].seq
		return s.writeVectors(ctx, tx, vps)
	})
	return n, last, err
}

// countBatch returns how many papers it counted and the last seq it
// looked at (0 if none). It counts into the document frequencies the next papers after
// the seq after that are not counted yet. It claims them first, inserting
// their paper_vectors rows unless another transaction did (a second
// backfill running at once: on PostgreSQL the insert waits for it), and
// then reads the text of those it claimed, locking their rows so that an
// import cannot change it before this transaction commits.
func (s *Store) countBatch(ctx context.Context, tx *sql.Tx, after int64, batch int) (n int, last int64, err error) {
	seqs, err := queryColumn[int64](ctx, tx, s.d.rebind(`SELECT p.seq FROM papers p
		WHERE p.seq > ? AND NOT EXISTS (SELECT 1 FROM paper_vectors v WHERE v.seq = p.seq)
		ORDER BY p.seq LIMIT ?`), after, batch)
	if err != nil || len(seqs) == 0 {
		return 0, 0, err
	}
	claimed, err := queryColumn[int64](ctx, tx, s.d.rebind(`INSERT INTO paper_vectors (seq) VALUES `+placeholders(len(seqs), 1)+
		` ON CONFLICT (seq) DO NOTHING RETURNING seq`), anySlice(seqs)...)
	if err != nil || len(claimed) == 0 {
		return 0, seqs[len(seqs)-1], err
	}
	vps, err := s.readVecPapers(ctx, tx, `SELECT p.seq, p.title, p.abstract, p.categories, NULL FROM papers p
		WHERE p.seq IN (`+inList(len(claimed))+`)`+s.d.lockRows("p"), anySlice(claimed)...)
	if err == nil {
		err = s.countTerms(ctx, tx, vps)
	}
	return len(vps), seqs[len(seqs)-1], err
}

// staleVectors reads, and locks on PostgreSQL, the next counted papers
// after the seq after whose vectors are missing or stale: a second
// backfill running at once waits for the row and then finds it fresh.
func (s *Store) staleVectors(ctx context.Context, tx *sql.Tx, after int64, batch int) ([]vecPaper, error) {
	docs, err := s.corpusDocs(ctx, tx)
	if err != nil {
		return nil, err
	}
	vps, err := s.readVecPapers(ctx, tx, `SELECT p.seq, p.title, p.abstract, p.categories, v.vec FROM paper_vectors v JOIN papers p ON p.seq = v.seq
		WHERE v.seq > ? AND (v.vec IS NULL OR v.docs * 2 < ?)
		ORDER BY v.seq LIMIT ?`+s.d.lockRows("v"), after, docs, batch)
	for i := range vps {
		vps[i].counted = true
	}
	return vps, err
}

// readVecPapers reads papers' text, and their vectors where the query
// gives them, for vectors.
func (s *Store) readVecPapers(ctx context.Context, tx *sql.Tx, q string, args ...any) ([]vecPaper, error) {
	rows, err := tx.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vps []vecPaper
	for rows.Next() {
		var vp vecPaper
		var blob []byte
		var cats string
		if err := rows.Scan(&vp.seq, &vp.title, &vp.abstract, &cats, &blob); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(cats), &vp.categories); err != nil {
			return nil, fmt.Errorf("categories of paper %d: %w", vp.seq, err)
		}
		if blob != nil {
			v, err := recs.Decode(blob)
			if err != nil {
				return nil, fmt.Errorf("vector of paper %d: %w", vp.seq, err)
			}
			vp.old = &v
		}
		vps = append(vps, vp)
	}
	return vps, rows.Err()
}
