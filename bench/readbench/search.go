package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// timed is a query and how long its search took.
type timed struct {
	q string
	d time.Duration
}

// measureSearch times one- to three-word queries made of words from real
// titles of the database: one at a time, then from o.searchers clients at
// once (each taking the next query of a list in turn). Every query is new
// to the server, so none is answered from its response cache.
func measureSearch(ctx context.Context, o options, base string, qs *queryGen, out io.Writer) error {
	one, err := runSearches(ctx, base, qs.list(o.searches), 1)
	if err != nil {
		return err
	}
	reportSearches(out, fmt.Sprintf("%d queries of 1-3 words, one client", len(one)), one, 0)
	if o.searchers <= 1 {
		return nil
	}
	t0 := time.Now()
	many, err := runSearches(ctx, base, qs.list(4*o.searches), o.searchers)
	if err != nil {
		return err
	}
	reportSearches(out, fmt.Sprintf("%d queries, %d searchers at once", len(many), o.searchers), many, time.Since(t0))
	return nil
}

// queryGen draws queries of words from titles, each one unlike those drawn
// before as long as the words allow it.
type queryGen struct {
	words []string
	rng   *rand.Rand
	seen  map[string]bool
}

func newQueryGen(words []string) *queryGen {
	return &queryGen{words: words, rng: rand.New(rand.NewPCG(3, 4)), seen: map[string]bool{}}
}

// list draws n queries of one, two and three words in turn.
func (g *queryGen) list(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = g.next(1 + i%3)
	}
	return out
}

// next draws a query of k words.
func (g *queryGen) next(k int) string {
	var q string
	for try := 0; try < 100; try++ {
		w := make([]string, k)
		for j := range w {
			w[j] = g.words[g.rng.IntN(len(g.words))]
		}
		if q = strings.Join(w, " "); !g.seen[q] {
			break
		}
	}
	g.seen[q] = true
	return q
}

// runSearches sends the queries from clients concurrent clients and returns
// each one's time.
func runSearches(ctx context.Context, base string, queries []string, clients int) ([]timed, error) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	var next atomic.Int64
	var mu sync.Mutex
	var all []timed
	var firstErr error
	var wg sync.WaitGroup
	for range clients {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1)) - 1
				if i >= len(queries) {
					return
				}
				q := queries[i]
				d, err := timeSearch(client, base, q)
				mu.Lock()
				all = append(all, timed{q, d})
				if err != nil && firstErr == nil {
					firstErr = err
				}
				mu.Unlock()
				if err != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return all, firstErr
}

// timeSearch runs one search through the API and returns how long the
// whole response took.
func timeSearch(client *http.Client, base, q string) (time.Duration, error) {
	t0 := time.Now()
	resp, err := client.Get(base + "/api/papers/search?limit=20&q=" + url.QueryEscape(q))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	if resp.StatusCode != http.StatusOK {
		return 0, fmt.Errorf("search %q: %s", q, resp.Status)
	}
	return time.Since(t0), nil
}

// reportSearches prints the percentiles of a search run (and its rate when
// elapsed is known) and its slowest queries, which say where to look next.
func reportSearches(out io.Writer, what string, all []timed, elapsed time.Duration) {
	lat := make([]time.Duration, len(all))
	for i, t := range all {
		lat[i] = t.d
	}
	slices.Sort(lat)
	at := func(p int) float64 { return ms(lat[len(lat)*p/100]) }
	fmt.Fprintf(out, "  search: %s: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms", what, at(50), at(95), at(99), ms(lat[len(lat)-1]))
	if elapsed > 0 {
		fmt.Fprintf(out, "  (%.0f searches/s)", float64(len(lat))/elapsed.Seconds())
	}
	fmt.Fprintln(out)
	all = slices.Clone(all)
	slices.SortFunc(all, func(a, b timed) int { return int(b.d - a.d) })
	for _, t := range all[:min(5, len(all))] {
		fmt.Fprintf(out, "  %-24s %8.2f ms  %q\n", "", ms(t.d), t.q)
	}
}

// measureFirstSearches times, one by one, the first queries a freshly
// started server answers, none of them asked before.
func measureFirstSearches(o options, base string, qs *queryGen, out io.Writer) error {
	client := &http.Client{Timeout: 30 * time.Second}
	defer client.CloseIdleConnections()
	var worst time.Duration
	fmt.Fprintf(out, "  first %d searches after the server starts:\n", o.firstSearches)
	for _, q := range qs.list(o.firstSearches) {
		d, err := timeSearch(client, base, q)
		if err != nil {
			return err
		}
		worst = max(worst, d)
		fmt.Fprintf(out, "  %-24s %8.2f ms  %q\n", "", ms(d), q)
	}
	fmt.Fprintf(out, "  first searches: max %.2f ms\n", ms(worst))
	return nil
}

// titleWords collects words of four letters or more from the titles of a
// few feed days.
func titleWords(base string) ([]string, error) {
	var words []string
	for d := 0; d < 20; d++ {
		body, _, err := fetch(base + "/api/daily_papers?date=" + lastDay.AddDate(0, 0, -d).Format("2006-01-02"))
		if err != nil {
			return nil, err
		}
		var entries []struct{ Title string }
		if err := json.Unmarshal(body, &entries); err != nil {
			return nil, err
		}
		for _, e := range entries {
			for _, w := range strings.FieldsFunc(strings.ToLower(e.Title), func(r rune) bool { return r < 'a' || r > 'z' }) {
				if len(w) >= 4 {
					words = append(words, w)
				}
			}
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no title words found")
	}
	return words, nil
}
