package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	mathbits "math/bits"
	"slices"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/textindex"
)

// maxExamined bounds how many matches one search reads and checks: with a
// filter few papers pass (a rare category), the search gives what it found
// among the newest maxExamined matches rather than read every match.
const maxExamined = 2000

// searchOwnIndex is SQLite's search (see search_index.go): it reads the
// index's segments newest first, takes the papers that have every word (any
// word with anyWord), reads the newest of them with the filters applied,
// keeps those whose current text really matches (phrases in order, stale
// postings dropped) until it has searchCandidates, and ranks those.
func (s *Store) searchOwnIndex(ctx context.Context, phrases [][]string, anyWord bool, filters string, fargs []any, n int) ([]paper.Paper, error) {
	q := foldQuery(phrases)
	if len(q) == 0 {
		return nil, nil
	}
	tx, segments, pr, err := s.beginSearch(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	defer pr.close()
	terms := rarestFirst(flatten(q), segments)
	m := newMatcher(q, anyWord)
	var cands []candidate
	var group []segment // the segments read last
	var pending []int64 // matches not yet read, newest first
	examined := 0
	for len(cands) < searchCandidates && examined < maxExamined && (len(pending) > 0 || len(segments) > 0) {
		need := min(searchCandidates-len(cands), maxExamined-examined)
		if len(pending) < need && len(segments) > 0 {
			group = segments[:min(len(segments), groupSize(group))]
			segments = segments[len(group):]
			seqs, err := segmentMatches(ctx, pr, group, terms, anyWord)
			if err != nil {
				return nil, err
			}
			pending = mergeNewestFirst(pending, seqs)
			continue
		}
		take := pending[:min(need, len(pending))]
		pending = pending[len(take):]
		examined += len(take)
		found, err := s.matchingCandidates(ctx, tx, take, m, filters, fargs)
		if err != nil {
			return nil, err
		}
		cands = append(cands, found...)
	}
	// In the transaction still held: asking the pool for another
	// connection here, while holding one, stalled every search once as
	// many ran at once as the pool has connections.
	return s.papersInOrder(ctx, tx, rankCandidates(cands, n))
}

// foldQuery splits and folds each phrase's words as papers' words are
// indexed, dropping phrases left empty.
func foldQuery(phrases [][]string) [][]string {
	var out [][]string
	for _, p := range phrases {
		var words []string
		for _, w := range p {
			words = textindex.AppendWords(words, w)
		}
		if len(words) > 0 {
			out = append(out, words)
		}
	}
	return out
}

// rarestFirst returns the distinct terms, those fewest segments' filters
// may have first: intersecting from the rarest word, a segment that lacks
// it needs no other page read.
func rarestFirst(terms []string, segments []segment) []string {
	slices.Sort(terms)
	terms = slices.Compact(terms)
	in := make(map[string]int, len(terms))
	for _, t := range terms {
		for _, seg := range segments {
			if seg.bloom.MayHave(t) {
				in[t]++
			}
		}
	}
	slices.SortStableFunc(terms, func(a, b string) int { return cmp.Compare(in[a], in[b]) })
	return terms
}

// groupSize is how many segments to read next, after a group of last: the
// newest alone first (a common word's matches are all there), then four
// times more each time, so that a rare word costs a few statements rather
// than one a segment.
func groupSize(last []segment) int {
	return max(1, 4*len(last))
}

// segmentMatches returns the papers of the segments that have all the terms
// (any of them with anyWord), newest first. Each term is one statement
// reading its page in every segment still in the running.
func segmentMatches(ctx context.Context, pr *pageReader, segments []segment, terms []string, anyWord bool) ([]int64, error) {
	found := make(map[int64][]int64, len(segments)) // segment -> its matches, ascending
	alive := segments
	for i, t := range terms {
		if len(alive) == 0 {
			break
		}
		pages, err := pr.pages(ctx, mayHave(alive, t), t)
		if err != nil {
			return nil, err
		}
		var next []segment
		for _, seg := range alive {
			var seqs []int64
			if data := pages[seg.id]; data != nil {
				if seqs, err = textindex.Find(data, t); err != nil {
					return nil, fmt.Errorf("search segment %d: %w", seg.id, err)
				}
			}
			switch {
			case i == 0:
				found[seg.id] = seqs
			case anyWord:
				found[seg.id] = union(found[seg.id], seqs)
			default:
				found[seg.id] = intersect(found[seg.id], seqs)
			}
			if anyWord || len(found[seg.id]) > 0 {
				next = append(next, seg) // a segment lacking a word needs no more reads
			}
		}
		alive = next
	}
	var out []int64
	for _, seqs := range found {
		out = append(out, seqs...)
	}
	slices.SortFunc(out, func(x, y int64) int { return cmp.Compare(y, x) })
	return slices.Compact(out), nil
}

// intersect returns the seqs in both ascending lists.
func intersect(a, b []int64) []int64 {
	var out []int64
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			out = append(out, a[i])
			i, j = i+1, j+1
		}
	}
	return out
}

// union returns the seqs in either ascending list, ascending.
func union(a, b []int64) []int64 {
	out := make([]int64, 0, len(a)+len(b))
	out = append(append(out, a...), b...)
	slices.Sort(out)
	return slices.Compact(out)
}

// mergeNewestFirst merges two descending lists without repeats: a segment
// merged from small ones may hold papers older than the next segment's.
func mergeNewestFirst(a, b []int64) []int64 {
	if len(a) == 0 {
		return b
	}
	out := append(append(make([]int64, 0, len(a)+len(b)), a...), b...)
	slices.SortFunc(out, func(x, y int64) int { return cmp.Compare(y, x) })
	return slices.Compact(out)
}

// matchingCandidates reads the papers seqs that pass the filters and keeps
// those whose text matches the query, in the order of seqs.
func (s *Store) matchingCandidates(ctx context.Context, tx *sql.Tx, seqs []int64, m *matcher, filters string, fargs []any) ([]candidate, error) {
	if len(seqs) == 0 {
		return nil, nil
	}
	rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT p.seq, p.id, p.title, p.authors_text, p.abstract FROM papers p
		WHERE p.seq IN (`+inList(len(seqs))+`)`+filters), append(anySlice(seqs), fargs...)...)
	cands, err := scanCandidates(rows, err)
	if err != nil {
		return nil, fmt.Errorf("search candidates: %w", err)
	}
	order := make(map[int64]int, len(seqs))
	for i, seq := range seqs {
		order[seq] = i
	}
	slices.SortFunc(cands, func(a, b candidate) int { return order[a.seq] - order[b.seq] })
	kept := cands[:0]
	for _, c := range cands {
		if score, ok := m.check(c); ok {
			c.score = score
			kept = append(kept, c)
		}
	}
	return kept, nil
}

// matcher checks a candidate's text against a query and scores it, each
// field split into words once.
type matcher struct {
	q       [][]string
	anyWord bool
	want    map[string]int // a query word -> its bit
	words   []string       // scratch
	found   []bool         // scratch: which phrases were found
}

func newMatcher(q [][]string, anyWord bool) *matcher {
	m := &matcher{q: q, anyWord: anyWord, want: map[string]int{}, found: make([]bool, len(q))}
	for _, w := range flatten(q) {
		if _, ok := m.want[w]; !ok && len(m.want) < 64 {
			m.want[w] = len(m.want)
		}
	}
	return m
}

// check says whether the candidate has every phrase of the query (any
// with anyWord; a phrase's words in a row in one field) and scores it by
// where the query's words are: 10 a word in the title, 4 in the authors,
// 1 in the abstract.
func (m *matcher) check(c candidate) (score int, ok bool) {
	clear(m.found)
	for _, f := range []struct {
		text   string
		weight int
	}{{c.title, 10}, {c.authors, 4}, {c.summary, 1}} {
		m.words = textindex.AppendWords(m.words[:0], f.text)
		var bits uint64
		for _, w := range m.words {
			if bit, ok := m.want[w]; ok {
				bits |= 1 << bit
			}
		}
		score += f.weight * mathbits.OnesCount64(bits)
		for i, p := range m.q {
			if !m.found[i] && hasPhrase(m.words, p) {
				m.found[i] = true
			}
		}
	}
	if m.anyWord {
		return score, slices.Contains(m.found, true)
	}
	return score, !slices.Contains(m.found, false)
}

// hasPhrase says whether phrase occurs in words, its words in a row.
func hasPhrase(words, phrase []string) bool {
	for i := 0; i+len(phrase) <= len(words); i++ {
		if slices.Equal(words[i:i+len(phrase)], phrase) {
			return true
		}
	}
	return false
}
