package community

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// A paper submitted before the site has it is fetched from arXiv in the
// background: the submission is a row of the store's paper_fetches, and
// every server on the database works through them one at a time (arXiv asks
// for one request every 3 seconds; the client paces them), each claimed
// under a lease, so a restart or a stopped server loses nothing and no two
// servers fetch one paper.
const (
	// PendingPerPerson bounds the fetches one person has waiting or
	// running: more are refused, so nobody fills the queue.
	PendingPerPerson = 2
	// fetchLease is how long a server holds a fetch: more than the
	// fetcher's own timeout (fetchTimeout).
	fetchLease = 2 * time.Minute
	// maxFetchAttempts is how often a fetch is tried while arXiv does
	// not answer, defaultFetchRetry the wait before the second try
	// (doubled for each later one).
	maxFetchAttempts  = 3
	defaultFetchRetry = 30 * time.Second
	// missingFor is how long an id arXiv does not know is answered "not
	// found" without asking again; new ids appear every day, so not
	// forever.
	missingFor = time.Hour
	// fetchPoll is how often RunFetches looks for fetches that no
	// submission here announced: another server's, or resumed ones.
	fetchPoll = 15 * time.Second
	// defaultSubmitWait is how long a submission waits for its fetch
	// before it is answered "being fetched".
	defaultSubmitWait = 2 * time.Second
	// maxOutcomes bounds the outcomes kept for waiting submissions.
	maxOutcomes = 1000
)

// fetchWorker works through the fetches of submitted papers.
type fetchWorker struct {
	s     *Service
	fetch Fetcher
	owner string // names this process in the leases it takes

	mu sync.Mutex
	// ctx is the worker's own: drains run in it, and RunFetches cancels it
	// when its own ends. A drain a submission starts before RunFetches has
	// run is then stopped at shutdown too; it used to run in a context
	// nothing cancelled, to the end of its 45 s fetch.
	ctx     context.Context
	cancel  context.CancelFunc
	running bool // a drain is under way
	again   bool // a fetch was queued since the drain last looked
	drains  sync.WaitGroup
	// changed is closed, and replaced, when a fetch ends here; outcomes
	// holds how, for the submission waiting for it.
	changed  chan struct{}
	outcomes map[string]error
}

func newFetchWorker(s *Service, f Fetcher) *fetchWorker {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	ctx, cancel := context.WithCancel(context.Background())
	return &fetchWorker{s: s, fetch: f, owner: fmt.Sprintf("fetch/%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b)),
		ctx: ctx, cancel: cancel, changed: make(chan struct{}), outcomes: map[string]error{}}
}

// notOnArxiv is the answer for an id arXiv does not know.
func notOnArxiv(id string) error {
	return paper.Public(paper.ErrNotFound, fmt.Sprintf("arXiv has no paper %s", id))
}

// submit queues the fetch of a paper new here for a submission and waits
// a moment for it.
func (w *fetchWorker) submit(ctx context.Context, a store.Account, out Submitted) (Submitted, error) {
	id := out.PaperID
	if err := w.recentlyMissing(ctx, id); err != nil {
		return out, err
	}
	w.mu.Lock()
	delete(w.outcomes, id)
	w.mu.Unlock()
	f, err := w.s.store.QueueFetch(ctx, store.Fetch{PaperID: id, Submitter: a.ID, Day: out.Day}, PendingPerPerson)
	var many *store.TooManyFetches
	if errors.As(err, &many) {
		return out, &paper.Throttled{After: 10 * time.Second,
			Msg: fmt.Sprintf("%d of your submissions are being fetched from arXiv already; submit this one when they are in", many.Max)}
	}
	if err != nil {
		return out, err
	}
	w.start()
	out.Day, out.Pending = f.Day, true
	if f.Submitter != a.ID {
		return out, nil // someone else's submission of it came first
	}
	done, err := w.wait(ctx, id, w.s.opts.SubmitWait)
	switch {
	case !done:
		return out, nil
	case err != nil && !isFinal(err):
		// arXiv did not answer, every try: the fetch failed, and may
		// be retried in a while.
		f, ferr := w.s.store.PaperFetch(ctx, id)
		if ferr != nil {
			return out, ferr
		}
		return out, &paper.Throttled{After: time.Minute, Msg: f.Error}
	}
	out.Pending, out.Fetched = false, true
	return out, err
}

// recentlyMissing answers an id arXiv said it does not know, within the
// last missingFor, without asking arXiv again.
func (w *fetchWorker) recentlyMissing(ctx context.Context, id string) error {
	f, err := w.s.store.PaperFetch(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if f.State == store.FetchFailed && f.Error == notOnArxiv(id).Error() && w.s.opts.Now().Sub(f.Updated) < missingFor {
		return notOnArxiv(id)
	}
	return nil
}

// wait waits up to d for the fetch of id to end here, and reports how.
func (w *fetchWorker) wait(ctx context.Context, id string, d time.Duration) (done bool, err error) {
	if d <= 0 {
		return false, nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	for {
		w.mu.Lock()
		err, done := w.outcomes[id]
		delete(w.outcomes, id)
		changed := w.changed
		w.mu.Unlock()
		if done {
			return true, err
		}
		select {
		case <-changed:
		case <-timer.C:
			return false, nil
		case <-ctx.Done():
			return false, nil
		}
	}
}

// start makes sure a drain will look at the queue.
func (w *fetchWorker) start() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.ctx.Err() != nil {
		return // shut down
	}
	if w.running {
		w.again = true
		return
	}
	w.running = true
	w.drains.Add(1)
	go w.drain(w.ctx)
}

// drain runs the due fetches until none is left.
func (w *fetchWorker) drain(ctx context.Context) {
	defer w.drains.Done()
	for {
		w.mu.Lock()
		w.again = false
		w.mu.Unlock()
		for ctx.Err() == nil && w.step(ctx) {
		}
		w.mu.Lock()
		if !w.again || ctx.Err() != nil {
			w.running = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
	}
}

// step claims and runs one due fetch; false when none was due.
func (w *fetchWorker) step(ctx context.Context) bool {
	f, ok, err := w.s.store.ClaimFetch(ctx, w.owner, fetchLease)
	if err != nil {
		if ctx.Err() == nil {
			w.s.opts.Log.Warn("claim a paper fetch", slog.Any("error", err))
		}
		return false
	}
	if ok {
		w.run(ctx, f)
	}
	return ok
}

// run fetches one paper, puts it on the feed, and records how it went.
func (w *fetchWorker) run(ctx context.Context, f store.Fetch) {
	err := w.fetch.FetchPaper(ctx, f.PaperID)
	if err == nil {
		err = w.place(ctx, f)
	}
	if ctx.Err() != nil {
		// Shutting down: the fetch goes back to the queue at once, for
		// the next start or another server.
		if err := w.s.store.FinishFetch(context.WithoutCancel(ctx), f.PaperID, w.owner, store.FetchFetching, "", 0); err != nil {
			w.s.opts.Log.Warn("give back a paper fetch", slog.String("id", f.PaperID), slog.Any("error", err))
		}
		return
	}
	state, reason, retryIn := w.outcome(f, err)
	if err := w.s.store.FinishFetch(ctx, f.PaperID, w.owner, state, reason, retryIn); err != nil {
		w.s.opts.Log.Warn("record a paper fetch", slog.String("id", f.PaperID), slog.Any("error", err))
		return
	}
	if state == store.FetchFetching {
		// Looked at again when due, not at the next poll.
		time.AfterFunc(retryIn, w.start)
		return
	}
	w.mu.Lock()
	if len(w.outcomes) >= maxOutcomes {
		clear(w.outcomes)
	}
	w.outcomes[f.PaperID] = err
	close(w.changed)
	w.changed = make(chan struct{})
	w.mu.Unlock()
}

// place puts a fetched paper on the feed for its submitter, under the rules.
func (w *fetchWorker) place(ctx context.Context, f store.Fetch) error {
	a, err := w.s.store.AccountByID(ctx, f.Submitter)
	if err != nil {
		return err
	}
	p, err := w.s.store.GetPaper(ctx, f.PaperID)
	if err != nil {
		return err
	}
	return w.s.place(ctx, a, p, f.Day)
}

// isFinal reports whether a fetch that failed with err would fail again:
// arXiv does not know the paper, or a rule refused it.
func isFinal(err error) bool {
	var rule *RuleError
	return errors.As(err, &rule) || errors.Is(err, paper.ErrNotFound)
}

// outcome is the state a fetch ends in, the reason shown for a failure, and
// when to try again a fetch that may yet succeed.
func (w *fetchWorker) outcome(f store.Fetch, err error) (state, reason string, retryIn time.Duration) {
	switch {
	case err == nil:
		return store.FetchDone, "", 0
	case isFinal(err):
		return store.FetchFailed, err.Error(), 0
	}
	w.s.opts.Log.Warn("fetch a submitted paper", slog.String("id", f.PaperID), slog.Int("attempt", f.Attempts), slog.Any("error", err))
	if f.Attempts < maxFetchAttempts {
		return store.FetchFetching, "", w.s.opts.FetchRetry << (f.Attempts - 1)
	}
	return store.FetchFailed, fmt.Sprintf("arXiv did not answer (%d tries); retry in a few minutes", f.Attempts), 0
}

// RunFetches works through the fetches of submitted papers until ctx ends:
// those left by a restart or a stopped server at once, others' as they come
// due, and this server's as they are submitted. It returns once the fetch
// under way has been given back.
func (s *Service) RunFetches(ctx context.Context) {
	w := s.fetch
	if w == nil {
		return
	}
	t := time.NewTicker(fetchPoll)
	defer t.Stop()
	for {
		w.start()
		select {
		case <-ctx.Done():
			w.cancel()
			w.drains.Wait()
			return
		case <-t.C:
		}
	}
}

// MayRetry reports whether the account may retry the fetch: its submitter
// and curators may.
func (s *Service) MayRetry(a store.Account, f store.Fetch) bool {
	return f.State == store.FetchFailed && (a.ID == f.Submitter || a.Curates())
}

// RetryFetch fetches a paper whose fetch failed once more, for its
// submitter or a curator. Retries count as submissions for the rate limit.
func (s *Service) RetryFetch(ctx context.Context, a store.Account, id string) error {
	if s.fetch == nil {
		return paper.ErrNotFound
	}
	f, err := s.store.PaperFetch(ctx, id)
	if err != nil {
		return err
	}
	if !s.MayRetry(a, f) {
		if f.State != store.FetchFailed {
			return paper.Public(paper.ErrConflict, "this paper's fetch has not failed: there is nothing to retry")
		}
		return paper.Public(paper.ErrForbidden, "only the person who submitted this paper and curators retry its fetch")
	}
	err = ratelimit.Do(ctx, s.limits.submit, strconv.FormatInt(a.ID, 10), "submissions", func() error {
		return s.store.RetryFetch(ctx, id)
	})
	if err != nil {
		return err
	}
	s.fetch.start()
	return nil
}

// Fetches reports whether the site fetches submitted papers from arXiv.
func (s *Service) Fetches() bool { return s.fetch != nil }
