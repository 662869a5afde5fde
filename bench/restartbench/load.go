package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// load sends the requests and tallies the answers per phase.
type load struct {
	base   string
	papers []string
	tokens []string
	client *http.Client

	mu      sync.Mutex
	phase   string
	began   time.Time          // when the phase began
	tally   map[string]*counts // by phase and kind
	applied int                // votes answered 200 that added an upvote
	unknown int                // votes with no answer: applied or not
}

type counts struct {
	codes      map[string]int
	retryAfter int // 503s that said when to retry
	slowest    time.Duration
	lastFailed time.Duration // after the phase began: how long until the site recovered
}

func newLoad(base string, papers, tokens []string) *load {
	return &load{base: base, papers: papers, tokens: tokens, tally: map[string]*counts{},
		client: &http.Client{Timeout: 70 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
}

func (l *load) setPhase(p string) {
	l.mu.Lock()
	l.phase, l.began = p, time.Now()
	l.mu.Unlock()
	fmt.Printf("%s  phase %s\n", time.Now().Format("15:04:05"), p)
}

// read loads pages and API answers in turn until ctx ends.
func (l *load) read(ctx context.Context) {
	for i := 0; ctx.Err() == nil; i++ {
		p := l.papers[i%len(l.papers)]
		var kind, path string
		switch i % 3 {
		case 0:
			kind, path = "page", "/"
		case 1:
			kind, path = "page", "/papers/"+p
		default:
			kind, path = "api read", "/api/papers/"+p
		}
		l.do(ctx, kind, http.MethodGet, path, "")
	}
}

// vote upvotes each paper once per voter, pace votes a second, and counts
// the upvotes the server said it recorded.
func (l *load) vote(ctx context.Context, pace int) {
	tick := time.NewTicker(time.Second / time.Duration(pace))
	defer tick.Stop()
	for i := 0; i < len(l.papers)*len(l.tokens); i++ {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
		tok := l.tokens[i%len(l.tokens)]
		p := l.papers[(i/len(l.tokens))%len(l.papers)]
		code := l.do(ctx, "vote", http.MethodPost, "/api/papers/"+p+"/upvote", tok)
		l.mu.Lock()
		switch code {
		case http.StatusOK:
			l.applied++
		case 0:
			l.unknown++
		}
		l.mu.Unlock()
	}
}

// do sends one request and returns its status, 0 when there was no answer.
func (l *load) do(ctx context.Context, kind, method, path, token string) int {
	req, _ := http.NewRequestWithContext(ctx, method, l.base+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	start := time.Now()
	resp, err := l.client.Do(req)
	took := time.Since(start)
	code, label := 0, ""
	switch {
	case err != nil && ctx.Err() != nil:
		return -1 // the end of the run, not an answer
	case err != nil && errors.Is(err, context.DeadlineExceeded) || err != nil && strings.Contains(err.Error(), "Timeout"):
		label = "timeout"
	case err != nil:
		label = "no answer"
	default:
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		code, label = resp.StatusCode, fmt.Sprint(resp.StatusCode)
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	c := l.tally[l.phase+"\t"+kind]
	if c == nil {
		c = &counts{codes: map[string]int{}}
		l.tally[l.phase+"\t"+kind] = c
	}
	c.codes[label]++
	c.slowest = max(c.slowest, took)
	if code != http.StatusOK {
		c.lastFailed = max(c.lastFailed, time.Since(l.began))
	}
	if code == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") != "" {
		c.retryAfter++
	}
	return code
}

func (l *load) report(w io.Writer) {
	l.mu.Lock()
	defer l.mu.Unlock()
	keys := make([]string, 0, len(l.tally))
	for k := range l.tally {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintf(w, "%-12s %-9s %-60s %-8s %s\n", "phase", "kind", "answers", "slowest", "last failure (since the phase and its command began)")
	for _, k := range keys {
		c := l.tally[k]
		phase, kind, _ := strings.Cut(k, "\t")
		var parts []string
		for code, n := range c.codes {
			parts = append(parts, fmt.Sprintf("%s×%d", code, n))
		}
		sort.Strings(parts)
		s := strings.Join(parts, " ")
		if n := c.codes["503"]; n > 0 {
			s += fmt.Sprintf(" (%d/%d with Retry-After)", c.retryAfter, n)
		}
		last := "-"
		if c.lastFailed > 0 {
			last = c.lastFailed.Round(10 * time.Millisecond).String()
		}
		fmt.Fprintf(w, "%-12s %-9s %-60s %-8s %s\n", phase, kind, s, c.slowest.Round(time.Millisecond), last)
	}
}

// verify compares the upvotes in the database with the votes answered 200.
func (l *load) verify(ctx context.Context, db *sql.DB, suffix string) error {
	var rows, drift int
	err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM upvotes u JOIN users a ON a.id = u.user_id WHERE a.name LIKE $1`,
		"rb"+suffix+"v%").Scan(&rows)
	if err != nil {
		return err
	}
	// The denormalised counts must match the rows.
	err = db.QueryRowContext(ctx, `SELECT COUNT(*) FROM daily_entries e
		WHERE e.local_upvotes <> (SELECT COUNT(*) FROM upvotes u WHERE u.paper_id = e.paper_id)`).Scan(&drift)
	if err != nil {
		return err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	verdict := "held"
	if rows < l.applied || rows > l.applied+l.unknown || drift > 0 {
		verdict = "LOST OR DUPLICATED"
	}
	fmt.Printf("votes: %d answered 200, %d unanswered; %d upvote rows in the database; %d entries whose count differs from their rows: %s\n",
		l.applied, l.unknown, rows, drift, verdict)
	return nil
}

// freshness withdraws one vote after the outage and reports how long the
// anonymous (cached) API answer took to show the new count: the cache must
// have gone back to following the data.
func (l *load) freshness(ctx context.Context) {
	p, tok := l.papers[0], l.tokens[0]
	req, _ := http.NewRequestWithContext(ctx, http.MethodDelete, l.base+"/api/papers/"+p+"/upvote", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := l.client.Do(req)
	if err != nil {
		fmt.Println("freshness: withdraw:", err)
		return
	}
	var v struct{ Upvotes int }
	json.NewDecoder(resp.Body).Decode(&v)
	resp.Body.Close()
	l.mu.Lock()
	l.applied-- // the withdrawn vote is no longer in the database
	l.mu.Unlock()
	want := fmt.Sprintf(`"upvotes":%d`, v.Upvotes)
	start := time.Now()
	for time.Since(start) < 10*time.Second {
		resp, err := l.client.Get(l.base + "/api/papers/" + p)
		if err == nil {
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(b), want) {
				fmt.Printf("freshness: a vote withdrawn after the outage showed in the cached answer after %s\n", time.Since(start).Round(10*time.Millisecond))
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	fmt.Println("freshness: STALE: the cached answer did not show a vote withdrawn after the outage within 10s")
}
