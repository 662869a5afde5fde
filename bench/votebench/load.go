package main

import (
	"github.com/dailypapers/dailypapers/bench/internal/machine"
	"github.com/dailypapers/dailypapers/bench/internal/profiling"

	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// sample is what one kind of request measured.
type sample struct {
	lat     []time.Duration // of the answers that succeeded
	hits    int             // of those, how many the response cache gave
	fails   map[string]int  // failures by status, or "transport"
	elapsed time.Duration
	cpu     machine.Use
}

func (s *sample) fail(why string) {
	if s.fails == nil {
		s.fails = map[string]int{}
	}
	s.fails[why]++
}

func (s *sample) merge(o sample) {
	s.lat = append(s.lat, o.lat...)
	s.hits += o.hits
	for k, n := range o.fails {
		if s.fails == nil {
			s.fails = map[string]int{}
		}
		s.fails[k] += n
	}
}

// readings are the day page's two readers: an anonymous one the cache
// answers, and one whose cookie makes the cache step aside. They take turns,
// each for a phase's duration, so neither's rendering slows the other.
type readings struct{ cached, uncached sample }

// readPhase times the readers alone, under the CPU profiler when asked,
// for comparison with phase 2.
func (b *bench) readPhase(o options) (readings, error) {
	stop, err := profiling.CPU(idleProfile(o.cpuprofile))
	if err != nil {
		return readings{}, err
	}
	defer stop()
	var r readings
	r.cached = b.read(o.readers, false, time.Now().Add(o.duration))
	r.uncached = b.read(o.readers, true, time.Now().Add(o.duration))
	return r, nil
}

// read runs n readers, each as fast as it can, until the deadline; a
// request under way then is finished and counted.
func (b *bench) read(n int, uncached bool, until time.Time) sample {
	var mu sync.Mutex
	var all sample
	var wg sync.WaitGroup
	start := time.Now()
	ticks, ok := machine.ReadTicks()
	for range n {
		wg.Go(func() {
			pprof.Do(context.Background(), pprof.Labels("side", "client"), func(context.Context) {
				var mine sample
				for time.Now().Before(until) {
					t0 := time.Now()
					hit, err := b.get(uncached)
					if err != nil {
						mine.fail(err.Error())
						continue
					}
					mine.lat = append(mine.lat, time.Since(t0))
					if hit {
						mine.hits++
					}
				}
				mu.Lock()
				defer mu.Unlock()
				all.merge(mine)
			})
		})
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	all.cpu = ticks.Since(ok)
	return all
}

// get fetches the day page whole; uncached sends a cookie the site does
// not know, which the response cache never answers from memory.
func (b *bench) get(uncached bool) (hit bool, err error) {
	req, err := http.NewRequest(http.MethodGet, b.base+b.dayPath, nil)
	if err != nil {
		return false, err
	}
	if uncached {
		req.Header.Set("Cookie", "x=1")
	}
	resp, err := b.http.Do(req)
	if err != nil {
		return false, fmt.Errorf("transport")
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return false, fmt.Errorf("transport")
	}
	if resp.StatusCode != http.StatusOK {
		return false, fmt.Errorf("%d", resp.StatusCode)
	}
	return resp.Header.Get("X-Cache") == "hit", nil
}

// ballot is the harness's record of which votes stand. A voter holds an
// account's lock for the whole request, so the record follows the order
// the server saw.
type ballot struct {
	mu      []sync.Mutex
	up      [][]bool     // [account][paper]
	unknown atomic.Int64 // votes whose outcome the harness could not see
}

func newBallot(accounts, papers int) *ballot {
	b := &ballot{mu: make([]sync.Mutex, accounts), up: make([][]bool, accounts)}
	for i := range b.up {
		b.up[i] = make([]bool, papers)
	}
	return b
}

// voting is what the voters measured.
type voting struct {
	sample         // of votes answered 200
	ups, downs int // of those, upvotes and withdrawals
	ballot     *ballot
}

// votePhase runs the voters for twice o.duration, the cached readers
// beside them in the first half and the uncached ones in the second, under
// the CPU profiler when asked.
func (b *bench) votePhase(o options) (readings, voting, error) {
	stop, err := profiling.CPU(o.cpuprofile)
	if err != nil {
		return readings{}, voting{}, err
	}
	defer stop()
	start := time.Now()
	var r readings
	var done sync.WaitGroup
	done.Go(func() {
		r.cached = b.read(o.readers, false, start.Add(o.duration))
		r.uncached = b.read(o.readers, true, start.Add(2*o.duration))
	})
	v := b.vote(o.clients, start.Add(2*o.duration))
	done.Wait()
	return r, v, nil
}

// vote runs n voters until the deadline. Each picks an account and a paper
// at random and upvotes it, or withdraws the upvote when the account has
// one standing on it.
func (b *bench) vote(n int, until time.Time) voting {
	v := voting{ballot: newBallot(len(b.tokens), len(b.papers))}
	var mu sync.Mutex
	var wg sync.WaitGroup
	start := time.Now()
	ticks, ok := machine.ReadTicks()
	for c := range n {
		wg.Go(func() {
			pprof.Do(context.Background(), pprof.Labels("side", "client"), func(context.Context) {
				mine := b.voter(v.ballot, rand.New(rand.NewPCG(uint64(c), 1)), until)
				mu.Lock()
				defer mu.Unlock()
				v.merge(mine.sample)
				v.ups += mine.ups
				v.downs += mine.downs
			})
		})
	}
	wg.Wait()
	v.elapsed = time.Since(start)
	v.cpu = ticks.Since(ok)
	return v
}

func (b *bench) voter(bal *ballot, rng *rand.Rand, until time.Time) voting {
	var mine voting
	for time.Now().Before(until) {
		a, p := rng.IntN(len(b.tokens)), rng.IntN(len(b.papers))
		bal.mu[a].Lock()
		up := !bal.up[a][p]
		t0 := time.Now()
		status, err := b.castVote(b.tokens[a], b.papers[p], up)
		switch {
		case err != nil:
			mine.fail("transport")
			bal.unknown.Add(1)
		case status == http.StatusOK:
			mine.lat = append(mine.lat, time.Since(t0))
			bal.up[a][p] = up
			if up {
				mine.ups++
			} else {
				mine.downs++
			}
		default:
			mine.fail(strconv.Itoa(status))
		}
		bal.mu[a].Unlock()
	}
	return mine
}

// castVote sends POST (up) or DELETE /api/papers/{id}/upvote with the
// token and returns the status.
func (b *bench) castVote(token, paperID string, up bool) (int, error) {
	method := http.MethodDelete
	if up {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, b.base+"/api/papers/"+paperID+"/upvote", nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := b.http.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

// idleProfile is where phase 1's profile goes: beside phase 2's, with
// "-idle" before the extension.
func idleProfile(path string) string {
	if path == "" {
		return ""
	}
	ext := filepath.Ext(path)
	return strings.TrimSuffix(path, ext) + "-idle" + ext
}
