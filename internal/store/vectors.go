package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/recs"
)

// postedTerms is how many of a paper's heaviest terms the inverted lookup
// of similar papers (vector_postings) lists it under.
const postedTerms = 16

// vecPaper is a paper's text as vectors need it.
type vecPaper struct {
	seq             int64
	title, abstract string
	categories      []string
	// counted: its terms are in rec_terms' frequencies; old is the text
	// they were counted from.
	counted bool
	oldText recsText
	// old is its stored vector, nil if none.
	old *recs.Vector
	// counts are recs.Counts of its text, once made.
	counts map[string]float64
}

// termCounts returns recs.Counts of vp's text, made once.
func (vp *vecPaper) termCounts() map[string]float64 {
	if vp.counts == nil {
		vp.counts = recs.Counts(vp.title, vp.abstract, vp.categories)
	}
	return vp.counts
}

// indexVectors keeps exact the document frequencies of the papers an import
// wrote. A new paper, or one not counted yet, is left to BackfillVectors,
// which the server runs after imports: vectorising it here made imports
// cost 2.4 times the CPU. A counted paper whose text or categories changed
// (rare) has its old stems taken out and its new ones put in here, in the
// transaction that changes its text, and is vectorised again.
func (s *Store) indexVectors(ctx context.Context, tx *sql.Tx, old map[string]*paper.Paper, written []paper.Paper, seqs map[string]int64) error {
	if s.skipVectors {
		return nil
	}
	var ps []paper.Paper
	var unknown []string
	for _, p := range written {
		o := old[p.ID]
		if o == nil || o.Title == p.Title && o.Abstract == p.Abstract && slices.Equal(o.Categories, p.Categories) {
			continue
		}
		ps = append(ps, p)
		if _, ok := seqs[p.ID]; !ok {
			unknown = append(unknown, p.ID)
		}
	}
	if len(ps) == 0 {
		return nil
	}
	if seqs == nil {
		seqs = map[string]int64{}
	}
	if err := s.readSeqs(ctx, tx, unknown, seqs); err != nil {
		return err
	}
	vps := make([]vecPaper, len(ps))
	for i, p := range ps {
		o := old[p.ID]
		vps[i] = vecPaper{seq: seqs[p.ID], title: p.Title, abstract: p.Abstract, categories: p.Categories,
			oldText: recsText{o.Title, o.Abstract, o.Categories}}
	}
	if err := s.readVectorRows(ctx, tx, vps); err != nil {
		return err
	}
	vps = slices.DeleteFunc(vps, func(vp vecPaper) bool { return !vp.counted })
	if len(vps) == 0 {
		return nil
	}
	if err := s.countTerms(ctx, tx, vps); err != nil {
		return err
	}
	return s.writeVectors(ctx, tx, vps)
}

// readVectorRows marks which of vps are counted and reads their vectors,
// locking their rows (PostgreSQL) so that BackfillVectors cannot vectorise
// them meanwhile from the text they had.
func (s *Store) readVectorRows(ctx context.Context, q querier, vps []vecPaper) error {
	at := make(map[int64]int, len(vps))
	seqs := make([]int64, len(vps))
	for i, vp := range vps {
		at[vp.seq], seqs[i] = i, vp.seq
	}
	return forChunks(seqs, 500, func(chunk []int64) error {
		rows, err := q.QueryContext(ctx, s.d.rebind(`SELECT seq, vec FROM paper_vectors WHERE seq IN (`+inList(len(chunk))+`)`+s.d.lockRows("paper_vectors")), anySlice(chunk)...)
		if err != nil {
			return fmt.Errorf("read vectors: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			var blob []byte
			if err := rows.Scan(&seq, &blob); err != nil {
				return fmt.Errorf("read vectors: %w", err)
			}
			vp := &vps[at[seq]]
			vp.counted = true
			if blob != nil {
				v, err := recs.Decode(blob)
				if err != nil {
					return fmt.Errorf("vector of paper %d: %w", seq, err)
				}
				vp.old = &v
			}
		}
		return rows.Err()
	})
}

// countTerms adds the stems of vps to the document frequencies, taking out
// those of the text counted before, and marks them counted. Their
// paper_vectors rows are already there: an uncounted paper's is its claim
// (claimUncounted). Rows are written in the order of term and id, so that
// two transactions counting at once wait for each other instead of
// deadlocking.
func (s *Store) countTerms(ctx context.Context, tx *sql.Tx, vps []vecPaper) error {
	delta := map[string]int64{}
	docs := int64(0)
	for i := range vps {
		vp := &vps[i]
		for t := range vp.termCounts() {
			delta[t]++
		}
		if vp.counted {
			for t := range recs.Counts(vp.oldText.title, vp.oldText.abstract, vp.oldText.categories) {
				delta[t]--
			}
		} else {
			docs++
		}
	}
	terms, err := s.readTerms(ctx, tx, mapKeys(delta))
	if err != nil {
		return err
	}
	var fresh []any
	for _, t := range slices.Sorted(maps.Keys(delta)) {
		if _, ok := terms[t]; !ok && delta[t] > 0 {
			fresh = append(fresh, t, delta[t])
		}
	}
	type change struct {
		id uint32
		by int64
	}
	var changes []change
	for t, d := range delta {
		if known, ok := terms[t]; ok && d != 0 {
			changes = append(changes, change{known.ID, d})
		}
	}
	slices.SortFunc(changes, func(a, b change) int { return cmp.Compare(a.id, b.id) })
	err = forChunks(fresh, 2*400, func(chunk []any) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO rec_terms (term, df) VALUES `+placeholders(len(chunk)/2, 2)+
			` ON CONFLICT (term) DO UPDATE SET df = rec_terms.df + excluded.df`), chunk...)
		return err
	})
	if err != nil {
		return fmt.Errorf("count terms: %w", err)
	}
	// An upsert by id adds to many frequencies in one statement (and, on
	// PostgreSQL, draws nothing from the id sequence).
	args := make([]any, 0, 3*len(changes))
	for _, c := range changes {
		args = append(args, int64(c.id), "", c.by)
	}
	err = forChunks(args, 3*300, func(chunk []any) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO rec_terms (id, term, df) VALUES `+placeholders(len(chunk)/3, 3)+
			` ON CONFLICT (id) DO UPDATE SET df = rec_terms.df + excluded.df`), chunk...)
		return err
	})
	if err != nil {
		return fmt.Errorf("count terms: %w", err)
	}
	if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE rec_corpus SET docs = docs + ?`), docs); err != nil {
		return fmt.Errorf("count terms: %w", err)
	}
	for i := range vps {
		vps[i].counted = true
	}
	return nil
}

// readTerms returns the ids and frequencies of those of stems stored.
func (s *Store) readTerms(ctx context.Context, q querier, stems []string) (map[string]recs.Term, error) {
	out := make(map[string]recs.Term, len(stems))
	err := forChunks(stems, s.d.maxParams(), func(chunk []string) error {
		rows, err := q.QueryContext(ctx, s.d.rebind(`SELECT id, term, df FROM rec_terms WHERE term IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var t recs.Term
			var stem string
			if err := rows.Scan(&t.ID, &stem, &t.DF); err != nil {
				return err
			}
			out[stem] = t
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("read terms: %w", err)
	}
	return out, nil
}

// corpusDocs is the number of papers the frequencies are over.
func (s *Store) corpusDocs(ctx context.Context, q querier) (int64, error) {
	var n int64
	if err := q.QueryRowContext(ctx, `SELECT docs FROM rec_corpus`).Scan(&n); err != nil {
		return 0, fmt.Errorf("read corpus size: %w", err)
	}
	return n, nil
}

// recsText is what a paper's vector is made of.
type recsText struct {
	title, abstract string
	categories      []string
}

// vectorsOf computes the vectors of texts with the stored frequencies.
func (s *Store) vectorsOf(ctx context.Context, q querier, texts []recsText) ([]recs.Vector, int64, error) {
	counts := make([]map[string]float64, len(texts))
	for i, t := range texts {
		counts[i] = recs.Counts(t.title, t.abstract, t.categories)
	}
	return s.buildVectors(ctx, q, counts)
}

// buildVectors weighs term counts with the stored frequencies.
func (s *Store) buildVectors(ctx context.Context, q querier, counts []map[string]float64) ([]recs.Vector, int64, error) {
	docs, err := s.corpusDocs(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	stems := map[string]float64{}
	for _, c := range counts {
		for stem := range c {
			stems[stem] = 0
		}
	}
	terms, err := s.readTerms(ctx, q, mapKeys(stems))
	if err != nil {
		return nil, 0, err
	}
	out := make([]recs.Vector, len(counts))
	for i := range counts {
		out[i] = recs.Build(counts[i], terms, docs)
	}
	return out, docs, nil
}

// writeVectors computes and stores the vectors of vps, which are counted,
// and moves their postings from their old vectors to the new ones.
func (s *Store) writeVectors(ctx context.Context, tx *sql.Tx, vps []vecPaper) error {
	counts := make([]map[string]float64, len(vps))
	for i := range vps {
		counts[i] = vps[i].termCounts()
	}
	vecs, docs, err := s.buildVectors(ctx, tx, counts)
	if err != nil {
		return err
	}
	var gone, posted, rows []any
	for i, vp := range vps {
		if vp.old != nil {
			gone = appendPostings(gone, *vp.old, vp.seq)
		}
		posted = appendPostings(posted, vecs[i], vp.seq)
		rows = append(rows, vp.seq, vecs[i].Encode(), docs)
	}
	// A paper's text rarely changes: its old postings go one by one.
	for i := 0; i < len(gone) && err == nil; i += 3 {
		_, err = tx.ExecContext(ctx, s.d.rebind(`DELETE FROM vector_postings WHERE term_id = ? AND weight = ? AND seq = ?`), gone[i:i+3]...)
	}
	if err == nil {
		err = forChunks(posted, 3*300, func(chunk []any) error {
			_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO vector_postings (term_id, weight, seq) VALUES `+placeholders(len(chunk)/3, 3)), chunk...)
			return err
		})
	}
	if err == nil {
		err = forChunks(rows, 3*300, func(chunk []any) error {
			_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO paper_vectors (seq, vec, docs) VALUES `+placeholders(len(chunk)/3, 3)+
				` ON CONFLICT (seq) DO UPDATE SET vec = excluded.vec, docs = excluded.docs`), chunk...)
			return err
		})
	}
	if err != nil {
		return fmt.Errorf("write vectors: %w", err)
	}
	return nil
}

// appendPostings appends the postings of v's heaviest terms, as rows of
// (term_id, weight, seq).
func appendPostings(dst []any, v recs.Vector, seq int64) []any {
	for _, i := range v.Top(postedTerms) {
		dst = append(dst, int64(v.Terms[i]), int64(v.Weights[i]), seq)
	}
	return dst
}

func mapKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
