package search

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestReadPostingsStopsAtTheCap: a word in more papers than a search
// decodes is read from the newest segments, its count estimated for the
// rest.
func TestReadPostingsStopsAtTheCap(t *testing.T) {
	ctx := context.Background()
	const batches, per = 4, 1000
	src := newMemSource(papersOf(batches*per, "Common words", "shared"), per)
	for _, tt := range []struct{ limit, decoded int }{{per / 2, per / 2}, {per + per/2, per + per/2}, {10 * per, batches * per}} {
		df, lists, capped, err := readPostingsUpTo(ctx, src, nil, src.Segments(), "shared", tt.limit)
		if err != nil {
			t.Fatal(err)
		}
		decoded, newest := 0, int64(0)
		for _, l := range lists {
			decoded += len(l)
			newest = max(newest, l[len(l)-1])
		}
		if decoded != tt.decoded || df != batches*per || newest != batches*per || capped != (tt.decoded < batches*per) {
			t.Errorf("limit %d: %d decoded, count %d, newest %d, capped %v; want %d, %d, %d", tt.limit, decoded, df, newest, capped, tt.decoded, batches*per, batches*per)
		}
	}
	if df, lists, _, err := readPostingsUpTo(ctx, src, nil, src.Segments(), "absent", 10); err != nil || df != 0 || len(lists) != 0 {
		t.Errorf("absent word: %d, %d, %v", df, len(lists), err)
	}
}

// TestRankCounts: Rank counts every match, up to its cap, whether or not it
// reads them all to rank the page; without Count the total is what it
// read, flagged as a lower bound.
func TestRankCounts(t *testing.T) {
	ctx := context.Background()
	papers := append(papersOf(300, "Graph networks", "On graphs."), papersOf(200, "Optimal transport", "Maps.")...)
	papers = append(papers, papersOf(2500, "Common words", "shared")...)
	src := newMemSource(papers, 1000)
	tests := []struct {
		q     string
		count bool
		total int
		lower bool
	}{
		{"graph", true, 300, false},
		{"graph -networks", true, 0, false},
		{"transport OR graphs", true, 500, false},
		{"shared", true, MaxCounted, true},
		{"graph", false, examineRound, true}, // a page of 10 needs one round
	}
	for _, tt := range tests {
		q := Parse(tt.q)
		res, err := Rank(ctx, src, &q, Options{Order: SortRelevance, N: 10, Count: tt.count})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != tt.total || res.TotalIsLowerBound != tt.lower || len(res.IDs) != min(10, tt.total) {
			t.Errorf("%q (count %v): %d ids, total %d, lower bound %v; want total %d, %v", tt.q, tt.count, len(res.IDs), res.Total, res.TotalIsLowerBound, tt.total, tt.lower)
		}
	}
}

// TestCountingKeepsTheOrder: counting every match reads more candidates
// than a page needs, and ranks none of them: the page is the same.
func TestCountingKeepsTheOrder(t *testing.T) {
	ctx := context.Background()
	papers := papersOf(1200, "Graph networks", "On graphs and transport.")
	for i := range papers {
		if i%3 == 0 {
			papers[i].Title = "Optimal transport on graphs"
		}
	}
	src := newMemSource(papers, 500)
	for _, text := range []string{"graph", "transport graphs", "graph -optimal"} {
		for _, order := range []string{SortRelevance, SortNewest} {
			q := Parse(text)
			page, err := Rank(ctx, src, &q, Options{Order: order, N: 20})
			if err != nil {
				t.Fatal(err)
			}
			counted, err := Rank(ctx, src, &q, Options{Order: order, N: 20, Count: true})
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(page.IDs, counted.IDs); diff != "" || counted.Total < page.Total {
				t.Errorf("%q by %s: counting changed the page (-without +with), or counted %d < %d:\n%s", text, order, counted.Total, page.Total, diff)
			}
		}
	}
}

// TestRankSearchesAbbreviations: an abbreviation typed also finds papers
// that only spell it out, below a paper that has it as typed, and the
// result says what else was searched.
func TestRankSearchesAbbreviations(t *testing.T) {
	ctx := context.Background()
	papers := []Candidate{
		{ID: "2401.00001", Title: "Code repair at scale", Summary: "Large language models repair code.", Upvotes: -1},
		{ID: "2401.00002", Title: "Code repair with an LLM", Summary: "We repair code.", Upvotes: -1},
		{ID: "2401.00003", Title: "Graph kernels", Summary: "Kernels on graphs.", Upvotes: -1},
	}
	src := newMemSource(papers, 10)
	src.pairs = []Pair{{Definition: Definition{Short: "llm", Long: "larg languag model", Words: "large language models"}, Papers: MinPapers}}
	q := Parse("LLM code repair")
	res, err := Rank(ctx, src, &q, Options{Order: SortRelevance, N: 10})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"2401.00002", "2401.00001"}, res.IDs); diff != "" {
		t.Errorf("LLM code repair (-want +got):\n%s", diff)
	}
	if len(res.Also) != 1 || res.Also[0].Typed != "llm" || res.Also[0].Also != "large language models" {
		t.Errorf("Also = %+v, want large language models for llm", res.Also)
	}
	src.pairs[0].Papers = MinPapers - 1 // too few papers define it
	if res, err = Rank(ctx, src, &q, Options{Order: SortRelevance, N: 10}); err != nil || len(res.Also) != 0 {
		t.Errorf("a pair defined by %d papers is searched: %+v, %v", src.pairs[0].Papers, res.Also, err)
	}
}

// TestCountingByPostings: a plain query over every paper is counted from
// its postings, to the same total as reading every candidate, and past
// MaxCounted exactly; a query with an operator is still read.
func TestCountingByPostings(t *testing.T) {
	ctx := context.Background()
	papers := papersOf(3000, "Graph networks", "On graphs and transport.")
	for i := range papers {
		if i%3 == 0 {
			papers[i].Title, papers[i].Summary = "Optimal transport", "Maps between measures."
		}
	}
	src := newMemSource(papers, 500)
	for _, tt := range []struct {
		q     string
		total int
		lower bool
	}{
		{"graph", 2000, false},
		{"transport", 3000, false},
		{"optimal measures", 1000, false},
		{"graph -optimal", 2000, false},  // an operator: every candidate read
		{"transport -optimal", -1, true}, // read up to MaxCounted of 3,000
	} {
		q := Parse(tt.q)
		read, err := Rank(ctx, src, &q, Options{Order: SortRelevance, N: 10, Count: true})
		if err != nil {
			t.Fatal(err)
		}
		counted, err := Rank(ctx, src, &q, Options{Order: SortRelevance, N: 10, Count: true, Unfiltered: true})
		if err != nil {
			t.Fatal(err)
		}
		if tt.total < 0 && (counted.Total != read.Total || !counted.TotalIsLowerBound) {
			t.Errorf("%q: %d (lower bound %v) with Unfiltered, %d read; want the same, a lower bound", tt.q, counted.Total, counted.TotalIsLowerBound, read.Total)
		}
		if tt.total >= 0 && (counted.Total != tt.total || counted.TotalIsLowerBound != tt.lower) {
			t.Errorf("%q: total %d (lower bound %v), want %d (%v)", tt.q, counted.Total, counted.TotalIsLowerBound, tt.total, tt.lower)
		}
		if !read.TotalIsLowerBound && read.Total != counted.Total {
			t.Errorf("%q: %d counted by postings, %d read", tt.q, counted.Total, read.Total)
		}
		if diff := cmp.Diff(read.IDs, counted.IDs); diff != "" {
			t.Errorf("%q: counting by postings changed the page:\n%s", tt.q, diff)
		}
	}
}
