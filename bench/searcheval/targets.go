package main

import (
	"hash/fnv"
	"sort"
	"strconv"
)

// seed fixes every random choice of the generated queries.
const seed = 11

// idHash orders papers deterministically but without regard to their ids'
// order, so that a target set is not all of one month.
func idHash(salt, id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(salt + "\x00" + strconv.Itoa(seed) + "\x00" + id))
	return h.Sum64()
}

// targets chooses n papers with a title and an abstract, spread across
// sources and years: the papers are grouped by (source, year), each group
// shuffled by idHash, and the groups taken from in turn.
func (c *corpus) targets(salt string, n int, ok func(i int) bool) []int {
	groups := map[string][]int{}
	for i, p := range c.papers {
		if p.Title == "" || len(wordsOf(p.Abstract)) < 20 || !ok(i) {
			continue
		}
		key := c.source[p.ID] + " " + strconv.Itoa(p.PublishedAt.Year())
		groups[key] = append(groups[key], i)
	}
	keys := make([]string, 0, len(groups))
	for k, g := range groups {
		keys = append(keys, k)
		sort.Slice(g, func(a, b int) bool {
			return idHash(salt, c.papers[g[a]].ID) < idHash(salt, c.papers[g[b]].ID)
		})
	}
	sort.Strings(keys)
	var out []int
	for round := 0; len(out) < n; round++ {
		took := false
		for _, k := range keys {
			if round < len(groups[k]) && len(out) < n {
				out, took = append(out, groups[k][round]), true
			}
		}
		if !took {
			break
		}
	}
	return out
}
