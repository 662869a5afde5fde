package search

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"slices"
)

// The search engine, the same on both databases: it looks each stem of the
// query up in the index (postings.go, through Source), gathers candidates
// from the rarest stems' postings, then reads the best candidates' text and
// ranks them by BM25F (score.go). Every step is bounded, whatever
// the query and the corpus: at most maxQueryStems stems are looked up, at
// most maxDecoded postings decoded a term, maxAccumulated counted in all,
// maxExamined candidates read.
const (
	maxQueryStems  = 24
	maxDecoded     = 30_000
	maxAccumulated = 100_000
	examineRound   = 60
	maxExamined    = 2000
)

// stemStats is what the index says about one stem of a query.
type stemStats struct {
	stem   string
	df     int     // papers with a word of this stem (stale postings included)
	body   []int64 // the newest of them, ascending
	title  []int64 // the newest with the stem in their title, ascending
	capped bool    // some postings were left unread
}

// Rank returns the best papers for q in the papers of src, best first, and
// how many matched. It reads candidates until it has enough to rank
// opt.N, or, with opt.Count, until it has read them all (at most
// maxExamined) to count them.
func Rank(ctx context.Context, src Source, q *Query, opt Options) (Result, error) {
	segments := src.Segments()
	exps, err := expansions(ctx, src, q)
	if err != nil {
		return Result{}, err
	}
	sc := newScorer(q, exps)
	stats, err := lookupStems(ctx, src, opt.Cache, segments, sc.lookupStems())
	if err != nil {
		return Result{}, err
	}
	docs := 0
	for _, seg := range segments {
		docs += seg.Docs
	}
	sc.weigh(stats, docs)
	seqs, matched, capped := candidateOrder(stats, sc, opt.Scratch)
	enough := opt.N + examineRound/3
	if opt.Order != SortRelevance {
		enough = maxExamined // every match is sorted by date or votes
	}
	// A plain query over every paper matches each paper of its postings:
	// those are counted, not read (stale postings of a paper whose text
	// changed count too, until its segment is merged).
	byPostings := opt.Count && opt.Unfiltered && q.plain
	readAll := opt.Count && !byPostings
	var cands []Candidate
	total, examined := 0, 0
	for examined < len(seqs) && examined < maxExamined && (readAll || len(cands) < enough) {
		take := seqs[examined:min(len(seqs), examined+examineRound)]
		examined += len(take)
		found, err := matchingCandidates(ctx, src, take, sc)
		if err != nil {
			return Result{}, err
		}
		total += len(found)
		if len(cands) < enough { // the rest are only counted
			cands = append(cands, found...)
		}
	}
	res := Result{
		IDs:               rankCandidates(cands, opt.N, opt.Order),
		Total:             total,
		TotalIsLowerBound: capped || matched > maxExamined || examined < len(seqs),
		Also:              exps,
	}
	if byPostings {
		res.Total, res.TotalIsLowerBound = max(matched, total), capped
	}
	return res, nil
}

// lookupStems reads each stem's postings: papers with the stem itself as a
// word, with another word of that stem (StemTerm) and with it in
// their title (TitleStemTerm). Three statements a stem, each
// reading one page in every segment whose filter may have the term.
func lookupStems(ctx context.Context, src Source, cache *PostingsCache, segments []Segment, stems []string) ([]stemStats, error) {
	out := make([]stemStats, len(stems))
	for i, stem := range stems {
		st := stemStats{stem: stem}
		var lists [][]int64
		for _, term := range []string{stem, StemTerm(stem)} {
			df, seqs, capped, err := readPostings(ctx, src, cache, segments, term)
			if err != nil {
				return nil, err
			}
			st.df, st.capped = st.df+df, st.capped || capped
			lists = append(lists, seqs...)
		}
		st.body = unionAll(lists)
		_, titles, capped, err := readPostings(ctx, src, cache, segments, TitleStemTerm(stem))
		if err != nil {
			return nil, err
		}
		st.title, st.capped = unionAll(titles), st.capped || capped
		out[i] = st
	}
	return out, nil
}

// readPostings returns about how many papers have term, and the postings
// of the newest segments, up to about maxDecoded. It reads the segments
// newest first, in groups of 1, 1, 2, 4… pages, and stops once it has
// maxDecoded postings: a common word's pages at a million papers are
// hundreds of kilobytes each. The count of the segments left unread is
// estimated from those read, in proportion to the papers they index;
// capped says some postings were left out.
func readPostings(ctx context.Context, src Source, cache *PostingsCache, segments []Segment, term string) (int, [][]int64, bool, error) {
	return readPostingsUpTo(ctx, src, cache, segments, term, maxDecoded)
}

func readPostingsUpTo(ctx context.Context, src Source, cache *PostingsCache, segments []Segment, term string, maxDecoded int) (int, [][]int64, bool, error) {
	var ask []Segment
	docsAll := 0
	for _, seg := range segments {
		if seg.Bloom.MayHave(term) {
			ask, docsAll = append(ask, seg), docsAll+seg.Docs
		}
	}
	total, decoded, docsRead := 0, 0, 0
	var lists [][]int64
	for start := 0; start < len(ask) && decoded < maxDecoded; {
		group := ask[start:min(len(ask), start+max(1, start))]
		start += len(group)
		all, err := groupPostings(ctx, src, cache, group, term)
		if err != nil {
			return 0, nil, false, err
		}
		for i, seg := range group {
			docsRead += seg.Docs
			seqs := all[i]
			n := len(seqs)
			seqs = seqs[n-min(n, max(0, maxDecoded-decoded)):] // the newest
			total, decoded = total+n, decoded+len(seqs)
			if len(seqs) > 0 {
				lists = append(lists, seqs)
			}
		}
	}
	capped := decoded < total || docsRead < docsAll
	if docsRead > 0 && docsRead < docsAll {
		total = int(int64(total) * int64(docsAll) / int64(docsRead))
	}
	return total, lists, capped, nil
}

// groupPostings returns every posting of term in each segment of group,
// ascending: kept in the cache, or read from their pages in one call and
// kept. The lists may be shared with other searches: never changed.
func groupPostings(ctx context.Context, src Source, cache *PostingsCache, group []Segment, term string) ([][]int64, error) {
	out := make([][]int64, len(group))
	var missing []int
	for i, seg := range group {
		seqs, ok := cache.get(seg.ID, term)
		if !ok {
			missing = append(missing, i)
		}
		out[i] = seqs
	}
	if len(missing) == 0 {
		return out, nil
	}
	ids := make([]int64, len(missing))
	for j, i := range missing {
		ids[j] = group[i].ID
	}
	pages, err := src.Pages(ctx, ids, term)
	if err != nil {
		return nil, err
	}
	for _, i := range missing {
		id := group[i].ID
		if page := pages[id]; page != nil {
			if out[i], err = Find(page, term); err != nil {
				return nil, fmt.Errorf("search segment %d: %w", id, err)
			}
		}
		cache.put(id, term, out[i])
	}
	return out, nil
}

// unionAll returns the seqs of the ascending lists, ascending, each once.
// A common word has a list a segment, and a stem two terms: a few lists,
// merged in one pass that takes the least of their heads, into one slice.
// (Sorting them all was an eighth of a search's CPU; merging them in pairs
// allocated a slice a level.)
func unionAll(lists [][]int64) []int64 {
	switch len(lists) {
	case 0:
		return nil
	case 1:
		return lists[0] // shared, never changed
	}
	if len(lists) > 16 { // a linear scan of the heads gets slow: halve
		half := len(lists) / 2
		return unionAll([][]int64{unionAll(lists[:half]), unionAll(lists[half:])})
	}
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]int64, 0, n)
	heads := make([]int, len(lists))
	for {
		least, from := int64(0), -1
		for k, l := range lists {
			if h := heads[k]; h < len(l) && (from < 0 || l[h] < least) {
				least, from = l[h], k
			}
		}
		if from < 0 {
			return out
		}
		if len(out) == 0 || out[len(out)-1] != least {
			out = append(out, least)
		}
		heads[from]++
	}
}

// candidateOrder returns the papers worth reading, the most promising
// first: each stem adds its weight to the papers in its postings, more for
// a title match, rarest stems first, until maxAccumulated postings were
// counted. Among equals the newest come first. Weights add up in an array
// indexed by seq (seqs are dense), and the best maxExamined are kept in a
// heap, so neither a map nor a sort of every match is needed. matched is
// how many papers the postings read name; capped says some papers with a
// stem were left out, at a cap.
func candidateOrder(stats []stemStats, sc *scorer, scratch *Scratch) (seqs []int64, matched int, capped bool) {
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
		return nil, 0, false
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(stats[a].df, stats[b].df) })
	acc := scratch.weightsOf(int(maxSeq) + 1)
	postings := 0
	for _, st := range stats {
		postings += len(st.body) + len(st.title)
	}
	touched := make([]int64, 0, min(postings, maxAccumulated+len(stats[idx[0]].body)+len(stats[idx[0]].title)))
	add := func(seq int64, w float32) {
		if acc[seq] == 0 {
			touched = append(touched, seq)
		}
		acc[seq] += w
	}
	counted := 0
	for _, i := range idx {
		st := stats[i]
		w := max(float32(sc.idf[sc.m.Index(st.stem)]), 1e-6) // never 0: 0 marks a paper not yet seen
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
		capped = capped || st.capped || len(title) < len(st.title) || len(body) < len(st.body)
	}
	seqs = bestSeqs(touched, acc, maxExamined)
	scratch.give(acc, touched)
	return seqs, len(touched), capped
}

// bestSeqs returns the k seqs of the highest weight, best first, the newest
// first among equals. It finds the k-th highest weight first (kthLargest)
// and sorts only the seqs above it: a heap of the best k, displaced by
// most of a common word's 100,000 postings, was a tenth of a search.
func bestSeqs(seqs []int64, weight []float32, k int) []int64 {
	better := func(a, b int64) int {
		if c := cmp.Compare(weight[b], weight[a]); c != 0 {
			return c
		}
		return cmp.Compare(b, a)
	}
	if len(seqs) <= k {
		out := slices.Clone(seqs)
		slices.SortFunc(out, better)
		return out
	}
	ws := make([]float32, len(seqs))
	for i, seq := range seqs {
		ws[i] = weight[seq]
	}
	cut := kthLargest(ws, k)
	out := make([]int64, 0, k)
	var ties []int64
	for _, seq := range seqs {
		switch w := weight[seq]; {
		case w > cut:
			out = append(out, seq)
		case w == cut:
			ties = append(ties, seq)
		}
	}
	slices.SortFunc(ties, func(a, b int64) int { return cmp.Compare(b, a) }) // newest first
	out = append(out, ties[:k-len(out)]...)
	slices.SortFunc(out, better)
	return out
}

// kthLargest returns the k-th largest of ws (1 <= k <= len(ws)),
// reordering ws: quickselect, in time linear in len(ws) on average.
func kthLargest(ws []float32, k int) float32 {
	lo, hi, want := 0, len(ws)-1, k-1 // want: the index it has sorted descending
	for lo < hi {
		pivot := ws[lo+(hi-lo)/2]
		i, j := lo, hi
		for i <= j {
			for ws[i] > pivot {
				i++
			}
			for ws[j] < pivot {
				j--
			}
			if i <= j {
				ws[i], ws[j] = ws[j], ws[i]
				i, j = i+1, j-1
			}
		}
		switch {
		case want <= j:
			hi = j
		case want >= i:
			lo = i
		default:
			return ws[want]
		}
	}
	return ws[want]
}

// matchingCandidates reads the papers seqs that pass the filters and keeps
// those the scorer accepts, scored.
func matchingCandidates(ctx context.Context, src Source, seqs []int64, sc *scorer) ([]Candidate, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	cands, err := src.Candidates(ctx, seqs)
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
