package main

import (
	"context"
	"fmt"
	"slices"
)

// counts reads every sample paper's upvote count from the store.
func (b *bench) counts(ctx context.Context) (map[string]int, error) {
	out := make(map[string]int, len(b.papers))
	for _, day := range b.days {
		es, err := b.store.DayEntries(ctx, day)
		if err != nil {
			return nil, err
		}
		for _, e := range es {
			out[e.Entry.PaperID] = e.Entry.Upvotes
		}
	}
	return out, nil
}

// check is what verify found.
type check struct {
	papers     int
	accounts   int
	standing   int      // votes the harness believes stand
	mismatches []string // one line per wrong count or wrong set of votes
	unknown    int64    // votes with no answer, which may explain mismatches
}

// verify compares the store with the ballot: each paper's count must be
// its imported count plus the votes standing on it, and each account's
// upvoted papers exactly those the ballot says.
func (b *bench) verify(ctx context.Context, imported map[string]int, v voting) (check, error) {
	c := check{papers: len(b.papers), accounts: len(b.accounts), unknown: v.ballot.unknown.Load()}
	now, err := b.counts(ctx)
	if err != nil {
		return c, err
	}
	for p, id := range b.papers {
		want := imported[id]
		for a := range b.accounts {
			if v.ballot.up[a][p] {
				want++
				c.standing++
			}
		}
		if now[id] != want {
			c.mismatches = append(c.mismatches, fmt.Sprintf("paper %s: %d upvotes, want %d (%d imported)", id, now[id], want, imported[id]))
		}
	}
	for a, id := range b.accounts {
		got, err := b.store.Upvoted(ctx, id, b.papers)
		if err != nil {
			return c, err
		}
		for p, paperID := range b.papers {
			if got[paperID] != v.ballot.up[a][p] {
				c.mismatches = append(c.mismatches, fmt.Sprintf("account %d, paper %s: upvoted %t, want %t", id, paperID, got[paperID], v.ballot.up[a][p]))
			}
		}
	}
	slices.Sort(c.mismatches)
	return c, nil
}
