package store

import (
	"context"
	"database/sql"
)

// ForgetVectorsForTest empties the vector tables, as a database stored
// before migration 0017 has them, for BackfillVectors to fill.
func (s *Store) ForgetVectorsForTest(ctx context.Context) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM vector_postings`, `DELETE FROM paper_vectors`, `DELETE FROM rec_terms`, `UPDATE rec_corpus SET docs = 0`} {
			if _, err := tx.ExecContext(ctx, q); err != nil {
				return err
			}
		}
		return nil
	})
}

// VectorStateForTest returns the corpus size, the sum of the document
// frequencies and the number of papers with a vector.
func (s *Store) VectorStateForTest(ctx context.Context) (docs, dfSum, vectors int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT (SELECT docs FROM rec_corpus), (SELECT COALESCE(SUM(df), 0) FROM rec_terms),
		(SELECT COUNT(*) FROM paper_vectors WHERE vec IS NOT NULL)`).Scan(&docs, &dfSum, &vectors)
	return docs, dfSum, vectors, err
}

// SkipVectorsForTest makes imports leave vectors alone, so that a test can
// import into a schema from before migration 0017.
func (s *Store) SkipVectorsForTest() { s.skipVectors = true }

// DocFreqsForTest returns the stored document frequency of every stem
// counted in at least one paper.
func (s *Store) DocFreqsForTest(ctx context.Context) (map[string]int64, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT term, df FROM rec_terms WHERE df <> 0`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var t string
		var df int64
		if err := rows.Scan(&t, &df); err != nil {
			return nil, err
		}
		out[t] = df
	}
	return out, rows.Err()
}
