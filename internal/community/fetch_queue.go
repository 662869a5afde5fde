package community

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Fetches of submitted papers from arXiv go one at a time (arXiv asks for
// one request every 3 seconds), so they queue. The queue is this process's
// own, in memory: it holds requests that are waiting in this process, which
// no other server could serve.
const (
	// pendingPerPerson bounds the fetches one person has waiting or
	// running: more are refused, so nobody fills the queue.
	pendingPerPerson = 2
	// missingFor is how long an id arXiv does not know is answered "not
	// found" without asking again; new ids appear every day, so not
	// forever.
	missingFor = time.Hour
	// maxMissing bounds the memory of ids arXiv does not know.
	maxMissing = 10_000
)

// fetchQueue feeds the fetcher one paper at a time, taking turns between
// the people waiting: the next fetch is that of the person served least
// recently, so one person's queue never delays anyone else's by more than
// one fetch. It remembers the ids arXiv does not know for a while.
type fetchQueue struct {
	fetch Fetcher
	now   func() time.Time

	mu      sync.Mutex
	waiting map[string][]*fetchJob // per person, in the order asked
	pending map[string]int         // per person: waiting or running
	// turn orders the people waiting: the lowest goes next. A person's is
	// the count of fetches started when theirs last started, or, before
	// their first, a negative number in order of arrival.
	turn    map[string]int64
	started int64                // fetches started
	arrived int64                // people who came with nothing pending
	missing map[string]time.Time // id arXiv does not know, until when
	running bool                 // a worker is feeding the fetcher
}

type fetchJob struct {
	ctx  context.Context
	id   string
	who  string
	done chan error // buffered: the worker never waits for the asker
}

func newFetchQueue(f Fetcher, now func() time.Time) *fetchQueue {
	return &fetchQueue{fetch: f, now: now, waiting: map[string][]*fetchJob{}, pending: map[string]int{},
		turn: map[string]int64{}, missing: map[string]time.Time{}}
}

// FetchPaper fetches one paper for a person (an account), waiting its turn.
func (q *fetchQueue) FetchPaper(ctx context.Context, who, id string) error {
	job := &fetchJob{ctx: ctx, id: id, who: who, done: make(chan error, 1)}
	if err := q.enqueue(job); err != nil {
		return err
	}
	select {
	case err := <-job.done:
		return err
	case <-ctx.Done():
		q.withdraw(job)
		return ctx.Err()
	}
}

// notOnArxiv is the answer for an id arXiv does not know.
func notOnArxiv(id string) error {
	return paper.Public(paper.ErrNotFound, fmt.Sprintf("arXiv has no paper %s", id))
}

func (q *fetchQueue) enqueue(job *fetchJob) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if until, ok := q.missing[job.id]; ok {
		if q.now().Before(until) {
			return notOnArxiv(job.id)
		}
		delete(q.missing, job.id)
	}
	if q.pending[job.who] >= pendingPerPerson {
		return &paper.Throttled{After: 10 * time.Second,
			Msg: fmt.Sprintf("%d of your submissions are being fetched from arXiv already; submit this one when they are in", pendingPerPerson)}
	}
	if q.pending[job.who] == 0 {
		// Nothing pending: ahead of everyone served, behind those who
		// came earlier.
		q.arrived++
		q.turn[job.who] = q.arrived - 1<<62
	}
	q.pending[job.who]++
	q.waiting[job.who] = append(q.waiting[job.who], job)
	if !q.running {
		q.running = true
		go q.work()
	}
	return nil
}

// withdraw takes back a job whose asker gave up before its turn.
func (q *fetchQueue) withdraw(job *fetchJob) {
	q.mu.Lock()
	defer q.mu.Unlock()
	jobs := q.waiting[job.who]
	for i, j := range jobs {
		if j == job {
			q.waiting[job.who] = append(jobs[:i:i], jobs[i+1:]...)
			q.finish(job.who)
			return
		}
	}
}

// finish counts one of who's fetches done. q.mu must be held.
func (q *fetchQueue) finish(who string) {
	if q.pending[who]--; q.pending[who] <= 0 {
		delete(q.pending, who)
		delete(q.waiting, who)
		delete(q.turn, who)
	}
}

// next takes the first job of the person served least recently, or reports
// that nobody waits (and the worker stops). q.mu must be held.
func (q *fetchQueue) next() (*fetchJob, bool) {
	var who string
	for w, jobs := range q.waiting {
		if len(jobs) > 0 && (who == "" || q.turn[w] < q.turn[who]) {
			who = w
		}
	}
	if who == "" {
		q.running = false
		return nil, false
	}
	job := q.waiting[who][0]
	q.waiting[who] = q.waiting[who][1:]
	q.started++
	q.turn[who] = q.started
	return job, true
}

// work feeds the fetcher until nobody waits.
func (q *fetchQueue) work() {
	for {
		q.mu.Lock()
		job, ok := q.next()
		q.mu.Unlock()
		if !ok {
			return
		}
		err := job.ctx.Err()
		if err == nil {
			err = q.fetch.FetchPaper(job.ctx, job.id)
		}
		q.mu.Lock()
		if errors.Is(err, paper.ErrNotFound) {
			q.remember(job.id)
		}
		q.finish(job.who)
		q.mu.Unlock()
		job.done <- err
	}
}

// remember notes an id arXiv does not know. q.mu must be held.
func (q *fetchQueue) remember(id string) {
	now := q.now()
	if len(q.missing) >= maxMissing {
		for k, until := range q.missing {
			if !now.Before(until) {
				delete(q.missing, k)
			}
		}
	}
	if len(q.missing) < maxMissing {
		q.missing[id] = now.Add(missingFor)
	}
}
