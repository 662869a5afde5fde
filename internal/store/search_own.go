package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"math"
	"slices"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/textindex"
)

// The search engine, the same on both databases: it looks each stem of the
// query up in the index (textindex; search_index.go), gathers candidates
// from the rarest stems' postings, then reads the best candidates' text and
// ranks them by BM25F (search_score.go). Every step is bounded, whatever
// the query and the corpus: at most maxQueryStems stems are looked up, at
// most maxDecoded postings decoded a term, maxAccumulated counted in all,
// maxExamined candidates read.
const (
	maxQueryStems  = 24
	maxDecoded     = 30_000
	maxAccumulated = 100_000
	examineRound   = 150
	maxExamined    = 2000
)

// stemStats is what the index says about one stem of a query.
type stemStats struct {
	stem  string
	df    int     // papers with a word of this stem (stale postings included)
	body  []int64 // the newest of them, ascending
	title []int64 // the newest with the stem in their title, ascending
}

// searchBest returns up to n papers, best first, for q with the filters.
func (s *Store) searchBest(ctx context.Context, q *query, order, filters string, fargs []any, n int) ([]paper.Paper, error) {
	tx, segments, pr, err := s.beginSearch(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	defer pr.close()
	exps, err := s.expansions(ctx, tx, q)
	if err != nil {
		return nil, err
	}
	sc := newScorer(q, exps)
	stats, err := lookupStems(ctx, pr, segments, sc.lookupStems())
	if err != nil {
		return nil, err
	}
	docs := 0
	for _, seg := range segments {
		docs += seg.docs
	}
	sc.weigh(stats, docs)
	seqs := candidateOrder(stats, sc)
	enough := n + examineRound/3
	if order != SortRelevance {
		enough = maxExamined // every match is sorted by date or votes
	}
	var cands []candidate
	for examined := 0; examined < len(seqs) && examined < maxExamined && len(cands) < enough; {
		take := seqs[examined:min(len(seqs), examined+examineRound)]
		examined += len(take)
		found, err := s.matchingCandidates(ctx, tx, take, sc, filters, fargs)
		if err != nil {
			return nil, err
		}
		cands = append(cands, found...)
	}
	// In the transaction still held: asking the pool for another
	// connection here, while holding one, stalled every search once as
	// many ran at once as the pool has connections.
	return s.papersInOrder(ctx, tx, rankCandidates(cands, n, order))
}

// lookupStems reads each stem's postings: papers with the stem itself as a
// word, with another word of that stem (textindex.StemTerm) and with it in
// their title (textindex.TitleStemTerm). Three statements a stem, each
// reading one page in every segment whose filter may have the term.
func lookupStems(ctx context.Context, pr *pageReader, segments []segment, stems []string) ([]stemStats, error) {
	out := make([]stemStats, len(stems))
	for i, stem := range stems {
		st := stemStats{stem: stem}
		var lists [][]int64
		for _, term := range []string{stem, textindex.StemTerm(stem)} {
			df, seqs, err := readPostings(ctx, pr, segments, term)
			if err != nil {
				return nil, err
			}
			st.df += df
			lists = append(lists, seqs...)
		}
		st.body = unionAll(lists)
		_, titles, err := readPostings(ctx, pr, segments, textindex.TitleStemTerm(stem))
		if err != nil {
			return nil, err
		}
		st.title = unionAll(titles)
		out[i] = st
	}
	return out, nil
}

// readPostings returns about how many papers have term, and the postings
// of the newest segments, up to about maxDecoded. It reads the segments
// newest first, in groups of 1, 1, 2, 4… pages, and stops once it has
// maxDecoded postings: a common word's pages at a million papers are
// hundreds of kilobytes each. The count of the segments left unread is
// estimated from those read, in proportion to the papers they index.
func readPostings(ctx context.Context, pr *pageReader, segments []segment, term string) (int, [][]int64, error) {
	return readPostingsUpTo(ctx, pr, segments, term, maxDecoded)
}

func readPostingsUpTo(ctx context.Context, pr *pageReader, segments []segment, term string, maxDecoded int) (int, [][]int64, error) {
	var ask []segment
	docsAll := 0
	for _, seg := range segments {
		if seg.bloom.MayHave(term) {
			ask, docsAll = append(ask, seg), docsAll+seg.docs
		}
	}
	total, decoded, docsRead := 0, 0, 0
	var lists [][]int64
	for start := 0; start < len(ask) && decoded < maxDecoded; {
		group := ask[start:min(len(ask), start+max(1, start))]
		start += len(group)
		ids := make([]int64, len(group))
		for i, seg := range group {
			ids[i] = seg.id
		}
		pages, err := pr.pages(ctx, ids, term)
		if err != nil {
			return 0, nil, err
		}
		for _, seg := range group {
			docsRead += seg.docs
			n, seqs, err := decodePostings(pages[seg.id], term, maxDecoded-decoded)
			if err != nil {
				return 0, nil, fmt.Errorf("search segment %d: %w", seg.id, err)
			}
			total, decoded = total+n, decoded+len(seqs)
			if len(seqs) > 0 {
				lists = append(lists, seqs)
			}
		}
	}
	if docsRead > 0 && docsRead < docsAll {
		total = int(int64(total) * int64(docsAll) / int64(docsRead))
	}
	return total, lists, nil
}

// decodePostings returns how many papers a page lists for term and the
// newest of them, at most limit.
func decodePostings(page []byte, term string, limit int) (int, []int64, error) {
	if page == nil {
		return 0, nil, nil
	}
	if limit <= 0 {
		n, err := textindex.Count(page, term)
		return n, nil, err
	}
	seqs, err := textindex.Find(page, term) // one walk of the page: the count is len(seqs)
	if err != nil {
		return 0, nil, err
	}
	return len(seqs), seqs[len(seqs)-min(len(seqs), limit):], nil
}

// unionAll returns the seqs of the ascending lists, ascending, each once.
// One sort of them all: merging the lists one by one copied everything
// merged so far once a list, and a common word has a list a segment.
func unionAll(lists [][]int64) []int64 {
	out := slices.Concat(lists...)
	slices.Sort(out)
	return slices.Compact(out)
}

// candidateOrder returns the papers worth reading, the most promising
// first: each stem adds its weight to the papers in its postings, more for
// a title match, rarest stems first, until maxAccumulated postings were
// counted. Among equals the newest come first. Weights add up in an array
// indexed by seq (seqs are dense), and the best maxExamined are kept in a
// heap, so neither a map nor a sort of every match is needed.
func candidateOrder(stats []stemStats, sc *scorer) []int64 {
	idx := make([]int, len(stats))
	var maxSeq int64 = -1
	for i, st := range stats {
		idx[i] = i
		for _, l := range [][]int64{st.body, st.title} {
			if len(l) > 0 {
				maxSeq = max(maxSeq, l[len(l)-1])
			}
		}
	}
	if maxSeq < 0 {
		return nil
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(stats[a].df, stats[b].df) })
	acc := make([]float32, maxSeq+1)
	var touched []int64
	add := func(seq int64, w float32) {
		if acc[seq] == 0 {
			touched = append(touched, seq)
		}
		acc[seq] += w
	}
	counted := 0
	for _, i := range idx {
		st := stats[i]
		w := max(float32(sc.idf[sc.stemIndex[st.stem]]), 1e-6) // never 0: 0 marks a paper not yet seen
		title, body := st.title, st.body
		if counted > 0 {
			budget := max(0, maxAccumulated-counted)
			title = title[len(title)-min(len(title), budget):]
			body = body[len(body)-min(len(body), max(0, budget-len(title))):]
		}
		for _, seq := range body {
			add(seq, w)
		}
		for _, seq := range title {
			add(seq, w*titleWeight/2)
		}
		counted += len(title) + len(body)
	}
	return bestSeqs(touched, acc, maxExamined)
}

// bestSeqs returns the k seqs of the highest weight, best first, the newest
// first among equals.
func bestSeqs(seqs []int64, weight []float32, k int) []int64 {
	better := func(a, b int64) bool {
		return weight[a] > weight[b] || weight[a] == weight[b] && a > b
	}
	// h is a min-heap of the best so far: h[0] is the worst of them.
	h := make([]int64, 0, min(k, len(seqs)))
	down := func(i int) {
		for {
			l, r, m := 2*i+1, 2*i+2, i
			if l < len(h) && better(h[m], h[l]) {
				m = l
			}
			if r < len(h) && better(h[m], h[r]) {
				m = r
			}
			if m == i {
				return
			}
			h[i], h[m] = h[m], h[i]
			i = m
		}
	}
	for _, seq := range seqs {
		switch {
		case len(h) < k:
			h = append(h, seq)
			for i := len(h) - 1; i > 0 && better(h[(i-1)/2], h[i]); i = (i - 1) / 2 {
				h[i], h[(i-1)/2] = h[(i-1)/2], h[i]
			}
		case better(seq, h[0]):
			h[0] = seq
			down(0)
		}
	}
	slices.SortFunc(h, func(a, b int64) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
	return h
}

// matchingCandidates reads the papers seqs that pass the filters and keeps
// those the scorer accepts, scored.
func (s *Store) matchingCandidates(ctx context.Context, tx *sql.Tx, seqs []int64, sc *scorer, filters string, fargs []any) ([]candidate, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT p.seq, p.id, p.title, p.authors_text, p.abstract, p.published_at,
		COALESCE((SELECT MAX(e.upvotes) FROM daily_entries e WHERE e.paper_id = p.id), -1)
		FROM papers p WHERE p.seq IN (`+inList(len(seqs))+`)`+filters), append(anySlice(seqs), fargs...)...)
	cands, err := scanCandidates(rows, err)
	if err != nil {
		return nil, fmt.Errorf("search candidates: %w", err)
	}
	kept := cands[:0]
	for _, c := range cands {
		if ok := sc.score(&c); ok {
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// idfOf is BM25's inverse document frequency of a stem in df of docs papers.
func idfOf(df, docs int) float64 {
	df = min(df, docs)
	return math.Log(1 + (float64(docs-df)+0.5)/(float64(df)+0.5))
}
