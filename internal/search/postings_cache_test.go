package search

import (
	"fmt"
	"sync"
	"testing"
)

// TestPostingsCacheBound: the cache forgets the least recently used
// postings beyond its bound, and a segment's when told to.
func TestPostingsCacheBound(t *testing.T) {
	c := NewPostingsCache(8 * (10 + entryCost))
	for i := range 20 {
		c.put(1, fmt.Sprint(i), make([]int64, 10))
		c.get(1, "0") // kept: used most recently
	}
	if c.held > c.maxSeqs || len(c.entries) != 8 {
		t.Errorf("held %d of %d in %d entries, want 8 entries", c.held, c.maxSeqs, len(c.entries))
	}
	for term, want := range map[string]bool{"0": true, "1": false, "19": true} {
		if _, ok := c.get(1, term); ok != want {
			t.Errorf("get(1, %q) kept = %v, want %v", term, ok, want)
		}
	}
	c.put(1, "big", make([]int64, c.maxSeqs)) // more than an eighth: never kept
	if _, ok := c.get(1, "big"); ok {
		t.Error("a list of more than an eighth of the bound was kept")
	}
	c.put(2, "x", nil)
	c.Forget([]int64{1})
	if _, ok := c.get(1, "0"); ok || len(c.entries) != 1 || c.held != entryCost {
		t.Errorf("after Forget(1): %d entries holding %d, want segment 2's only", len(c.entries), c.held)
	}
}

// TestPostingsCacheConcurrent is for the race detector.
func TestPostingsCacheConcurrent(t *testing.T) {
	c := NewPostingsCache(1000)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				c.put(int64(i%7), fmt.Sprint(i%13), make([]int64, g))
				c.get(int64(i%5), fmt.Sprint(i%11))
				if i%50 == 0 {
					c.Forget([]int64{int64(g)})
				}
			}
		}()
	}
	wg.Wait()
	var nilCache *PostingsCache
	nilCache.put(1, "a", nil)
	if _, ok := nilCache.get(1, "a"); ok {
		t.Error("a nil cache kept postings")
	}
}
