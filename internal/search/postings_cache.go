package search

import (
	"container/list"
	"sync"
)

// PostingsCache keeps the postings searches decoded, by segment and term,
// for later searches: a segment never changes once written (a merge writes
// a new one), so a term's postings in it read once serve every search
// after. Reading a page and decoding it was a fifth of a search's CPU time.
// It holds at most maxSeqs postings (8 bytes each), an entry counting as
// entryCost more for its key, links and map slot, dropping the least
// recently used. The
// entries are shared by the searches reading them, which never change
// them. It is safe for concurrent use; a nil cache keeps nothing.
type PostingsCache struct {
	mu      sync.Mutex
	maxSeqs int
	held    int
	order   *list.List // of *cachedPostings, the most recently used first
	entries map[postingsKey]*list.Element
}

type postingsKey struct {
	segment int64
	term    string
}

type cachedPostings struct {
	key  postingsKey
	seqs []int64 // every posting of the term in the segment, ascending
}

// entryCost is what an entry counts for beyond its postings: 256 bytes, about
// what its key, list element and map slot take.
const entryCost = 32

// NewPostingsCache returns a cache of about maxSeqs postings at most.
func NewPostingsCache(maxSeqs int) *PostingsCache {
	return &PostingsCache{maxSeqs: maxSeqs, order: list.New(), entries: map[postingsKey]*list.Element{}}
}

// get returns the postings of term in segment, if kept.
func (c *PostingsCache) get(segment int64, term string) ([]int64, bool) {
	if c == nil {
		return nil, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[postingsKey{segment, term}]
	if !ok {
		return nil, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*cachedPostings).seqs, true
}

// put keeps the postings of term in segment, and forgets the least
// recently used beyond the bound.
func (c *PostingsCache) put(segment int64, term string, seqs []int64) {
	cost := len(seqs) + entryCost
	if c == nil || cost > c.maxSeqs/8 { // one common word must not empty it
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	k := postingsKey{segment, term}
	if _, ok := c.entries[k]; ok {
		return
	}
	c.entries[k] = c.order.PushFront(&cachedPostings{key: k, seqs: seqs})
	c.held += cost
	for c.held > c.maxSeqs {
		c.remove(c.order.Back())
	}
}

// Forget drops the postings of the segments, merged away: their ids may
// be given again to new segments.
func (c *PostingsCache) Forget(segments []int64) {
	if c == nil || len(segments) == 0 {
		return
	}
	gone := make(map[int64]bool, len(segments))
	for _, id := range segments {
		gone[id] = true
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for e := c.order.Front(); e != nil; {
		next := e.Next()
		if gone[e.Value.(*cachedPostings).key.segment] {
			c.remove(e)
		}
		e = next
	}
}

func (c *PostingsCache) remove(e *list.Element) {
	p := c.order.Remove(e).(*cachedPostings)
	delete(c.entries, p.key)
	c.held -= len(p.seqs) + entryCost
}
