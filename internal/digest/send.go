package digest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/store"
)

// conn is one worker's way to the mail server: one SMTP connection reused
// for many messages, or (without SMTP configured) the log.
type conn interface {
	Send(ctx context.Context, m mail.Message) error
	Close() error
}

type senderConn struct{ mail.Sender }

func (senderConn) Close() error { return nil }

// dial opens a worker's connection.
func (s *Service) dial(ctx context.Context) (conn, error) {
	if o, ok := s.mail.(interface {
		Session(context.Context) (*mail.Session, error)
	}); ok {
		return o.Session(ctx)
	}
	return senderConn{s.mail}, nil
}

// SendRun sends a run's due deliveries with the configured workers and
// returns when none is left to claim now (some may wait for a retry).
func (s *Service) SendRun(ctx context.Context, run store.Run) error {
	if err := s.CheckConfig(); err != nil {
		return err
	}
	f, err := decodeFrozen(run)
	if err != nil {
		return err
	}
	st := &runStats{}
	var wg sync.WaitGroup
	errs := make([]error, s.opts.Workers)
	for i := range s.opts.Workers {
		wg.Go(func() { errs[i] = s.work(ctx, run, f, fmt.Sprintf("%s/%d", s.owner, i), st) })
	}
	wg.Wait()
	return errors.Join(errs...)
}

// runStats watches a run's failure rate across workers.
type runStats struct {
	mu             sync.Mutex
	tried, failing int
	paused         bool
}

// note counts an attempt and reports whether the run should pause: most
// of at least 50 attempts failing means something is wrong on our side.
func (r *runStats) note(failed bool) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.tried++
	if failed {
		r.failing++
	}
	if !r.paused && r.tried >= 50 && r.failing*2 > r.tried {
		r.paused = true
		return true
	}
	return false
}

func (r *runStats) isPaused() bool { r.mu.Lock(); defer r.mu.Unlock(); return r.paused }

// worker is one sender: its SMTP connection, and the outcome of its last
// send, which is recorded together with the start of its next one.
type worker struct {
	s       *Service
	run     store.Run
	f       frozen
	owner   string
	st      *runStats
	c       conn
	pending []store.Finished
}

// work is one worker: it claims a batch, sends each message over its
// connection, records each outcome, and claims again until nothing is due.
func (s *Service) work(ctx context.Context, run store.Run, f frozen, owner string, st *runStats) (err error) {
	w := &worker{s: s, run: run, f: f, owner: owner, st: st}
	defer func() {
		err = errors.Join(err, w.flush(ctx))
		if w.c != nil {
			w.c.Close()
		}
	}()
	for !st.isPaused() {
		// Another process may have paused the run.
		if paused, err := s.store.RunPaused(ctx, run.ID); err != nil || paused {
			return err
		}
		batch, err := s.store.ClaimDeliveries(ctx, run.ID, owner, s.opts.Batch, s.opts.Now().Add(s.opts.Lease))
		if err != nil || len(batch) == 0 {
			return err
		}
		for i, d := range batch {
			if ctx.Err() != nil || st.isPaused() {
				return s.release(run.ID, owner, batch[i:])
			}
			if err := w.deliver(ctx, d); err != nil {
				s.release(run.ID, owner, batch[i+1:])
				return err
			}
		}
	}
	return nil
}

// flush records the outcome still waiting for a next send.
func (w *worker) flush(ctx context.Context) error {
	for _, f := range w.pending {
		err := w.s.store.FinishDelivery(context.WithoutCancel(ctx), w.run.ID, f.SubscriberID, w.owner, f.Outcome)
		if errors.Is(err, store.ErrLeaseLost) {
			w.s.opts.Log.Warn("a delivery's lease was lost while sending", "run", w.run.ID, "subscriber", f.SubscriberID)
		} else if err != nil {
			return err
		}
	}
	w.pending = nil
	return nil
}

// release gives back claimed deliveries this worker will not send. It
// uses a fresh context: the worker's own may be why it stops.
func (s *Service) release(runID int64, owner string, ds []store.Delivery) error {
	return s.releaseUntil(runID, owner, ds, s.opts.Now())
}

// releaseUntil gives back claimed deliveries, due again at a time.
func (s *Service) releaseUntil(runID int64, owner string, ds []store.Delivery, at time.Time) error {
	if len(ds) == 0 {
		return nil
	}
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.Subscriber.ID
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return s.store.ReleaseDeliveries(ctx, runID, owner, ids, at)
}

// deliver sends one message and keeps its outcome for the next commit. It
// returns an error only when the worker should stop (the store failed).
func (w *worker) deliver(ctx context.Context, d store.Delivery) error {
	s := w.s
	// SendRun checked the configuration before any worker started, so a
	// composing error is the message's own.
	msg, composeErr := s.messageFor(w.run, w.f, d)
	if composeErr == nil {
		if until := s.domains.blockedUntil(d.Subscriber.Email, s.opts.Now()); !until.IsZero() {
			return s.releaseUntil(w.run.ID, w.owner, []store.Delivery{d}, until)
		}
		if err := s.pace.wait(ctx); err != nil {
			return s.release(w.run.ID, w.owner, []store.Delivery{d})
		}
	}
	// Committed before the SMTP transaction, with the last send's outcome:
	// a crash from here on leaves a sending row, which recovery marks
	// unknown instead of sending again.
	err := s.store.MarkSending(ctx, w.run.ID, d.Subscriber.ID, w.owner, s.opts.Now().Add(s.opts.Lease), w.pending...)
	w.pending = nil
	if errors.Is(err, store.ErrSkipped) || errors.Is(err, store.ErrLeaseLost) {
		return nil
	}
	if err != nil {
		return err
	}
	if composeErr != nil {
		return w.record(ctx, d, store.Outcome{State: store.DeliveryFailed, Error: composeErr.Error()})
	}
	if w.c == nil {
		if w.c, err = s.dial(ctx); err != nil {
			w.c = nil
			return w.record(ctx, d, s.retry(d, err))
		}
	}
	// The send gets its own deadline but not the caller's cancellation:
	// stopping mid-transaction would turn a sendable message into unknown.
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	err = w.c.Send(sendCtx, msg)
	cancel()
	s.domains.note(d.Subscriber.Email, err, s.opts.Now())
	o := s.outcome(d, err)
	if err != nil && o.State != store.DeliveryFailed {
		w.c.Close() // the connection's state is unclear: start afresh
		w.c = nil
	}
	if o.State == store.DeliveryFailed && bounced(err) {
		if serr := s.store.Suppress(ctx, d.Subscriber.Email, "bounce", err.Error()); serr != nil {
			return serr
		}
	}
	return w.record(ctx, d, o)
}

// record keeps a send's outcome for the next commit, and pauses the run
// when most sends fail.
func (w *worker) record(ctx context.Context, d store.Delivery, o store.Outcome) error {
	w.pending = append(w.pending, store.Finished{SubscriberID: d.Subscriber.ID, Outcome: o})
	if w.st.note(o.State == store.DeliveryFailed || o.State == store.DeliveryQueued) {
		w.s.opts.Log.Error("pausing a digest run: most sends fail", "run", w.run.ID)
		if err := w.flush(ctx); err != nil {
			return err
		}
		return w.s.store.PauseRun(context.WithoutCancel(ctx), w.run.ID, true)
	}
	return nil
}

// outcome classifies a send's result (EMAIL.md): 2xx sent; 5xx failed;
// 4xx or a network error before the final dot retried later; the
// connection lost after the data went: unknown.
func (s *Service) outcome(d store.Delivery, err error) store.Outcome {
	if err == nil {
		return store.Outcome{State: store.DeliverySent}
	}
	var se *mail.SendError
	switch {
	case errors.Is(err, mail.ErrInvalidMessage):
		return store.Outcome{State: store.DeliveryFailed, Error: err.Error()}
	case errors.As(err, &se) && se.Unknown:
		return store.Outcome{State: store.DeliveryUnknown, Error: err.Error()}
	case errors.As(err, &se) && se.Permanent():
		return store.Outcome{State: store.DeliveryFailed, Error: err.Error()}
	}
	return s.retry(d, err)
}

// retry queues a delivery again after a growing wait, or fails it after
// MaxAttempts.
func (s *Service) retry(d store.Delivery, err error) store.Outcome {
	if d.Attempts+1 >= s.opts.MaxAttempts {
		return store.Outcome{State: store.DeliveryFailed, Error: "gave up after retries: " + err.Error()}
	}
	wait := time.Minute << min(d.Attempts, 6) // 1, 2, 4 ... 64 minutes
	return store.Outcome{State: store.DeliveryQueued, Error: err.Error(), RetryAt: s.opts.Now().Add(wait)}
}

// bounced reports a permanent failure that says the address does not
// exist (5.1.x): it is suppressed so nothing is sent to it again.
func bounced(err error) bool {
	var se *mail.SendError
	return errors.As(err, &se) && se.Permanent() && strings.HasPrefix(se.Enhanced, "5.1.")
}
