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
// every paper stored before migration 0017 into the document frequencies,
// then it computes the vectors still missing and recomputes those whose
// idf came from a corpus less than half today's (a site's first papers).
// The server runs it in the background at start-up; it is cheap once done.
func (s *Store) BackfillVectors(ctx context.Context, batch int) (VectorBackfill, error) {
	var done VectorBackfill
	for after := int64(0); ; {
		n, last, err := s.backfillBatch(ctx, after, batch, false)
		if err != nil {
			return done, fmt.Errorf("BackfillVectors: %w", err)
		}
		if n == 0 {
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
// after the seq after that need it, and returns how many and the last seq.
func (s *Store) backfillBatch(ctx context.Context, after int64, batch int, vectorise bool) (n int, last int64, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		vps, err := s.backfillPapers(ctx, tx, after, batch, vectorise)
		if err != nil || len(vps) == 0 {
			n = 0
			return err
		}
		n, last = len(vps), vps[len(vps)-1].seq
		if vectorise {
			return s.writeVectors(ctx, tx, vps)
		}
		return s.countTerms(ctx, tx, vps)
	})
	return n, last, err
}

// backfillPapers reads the next papers after the seq after that are not
// counted yet or, with vectorise, whose vectors are missing or stale.
func (s *Store) backfillPapers(ctx context.Context, tx *sql.Tx, after int64, batch int, vectorise bool) ([]vecPaper, error) {
	q := `SELECT p.seq, p.title, p.abstract, p.categories, NULL FROM papers p
		WHERE p.seq > ? AND NOT EXISTS (SELECT 1 FROM paper_vectors v WHERE v.seq = p.seq)
		ORDER BY p.seq LIMIT ?`
	args := []any{after, batch}
	if vectorise {
		docs, err := s.corpusDocs(ctx, tx)
		if err != nil {
			return nil, err
		}
		q = `SELECT p.seq, p.title, p.abstract, p.categories, v.vec FROM paper_vectors v JOIN papers p ON p.seq = v.seq
			WHERE v.seq > ? AND (v.vec IS NULL OR v.docs * 2 < ?)
			ORDER BY v.seq LIMIT ?`
		args = []any{after, docs, batch}
	}
	rows, err := tx.QueryContext(ctx, s.d.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var vps []vecPaper
	for rows.Next() {
		vp := vecPaper{counted: vectorise}
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
