// Package outbox sends the mail that requests ask for (sign-in links,
// subscription confirmations) after the request has been answered. A
// request only queues a row (store.QueueMail), the same whatever the
// address, so that neither its answer nor how long it takes tells whether
// an address has an account or a subscription. A Worker then decides what
// to send, makes the link's secret (the store keeps only its hash), and
// sends it: claimed under a lease, retried with backoff on temporary
// failures, never sent again once the server accepted it. Any number of
// workers, in any number of processes, share one outbox.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Composer builds the mail of a job, with the secret of its link.
type Composer func(j store.MailJob, token string) (mail.Message, error)

// Options tune a Worker.
type Options struct {
	Now func() time.Time
	Log *slog.Logger
	// Batch is how many mails a worker claims at once, Lease how long it
	// holds them.
	Batch int
	Lease time.Duration
	// MaxAttempts bounds the tries of a mail that fails temporarily.
	MaxAttempts int
	// Poll is how often Run looks for new mail.
	Poll time.Duration
}

func (o *Options) defaults() {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.Batch == 0 {
		o.Batch = 10
	}
	if o.Lease == 0 {
		o.Lease = 2 * time.Minute
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = 6
	}
	if o.Poll == 0 {
		o.Poll = time.Second
	}
}

// Worker sends the outbox's mail.
type Worker struct {
	store   *store.Store
	sender  mail.Sender
	compose map[string]Composer // by store.MailSignIn, store.MailConfirm
	opts    Options
	owner   string // names this worker in the leases it takes
}

// New returns a worker that builds each kind of mail with compose.
func New(st *store.Store, sender mail.Sender, compose map[string]Composer, opts Options) *Worker {
	opts.defaults()
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return &Worker{store: st, sender: sender, compose: compose, opts: opts,
		owner: fmt.Sprintf("outbox/%s/%d/%s", host, os.Getpid(), hex.EncodeToString(b))}
}

// Run sends mail until ctx ends: what is due every Poll, and repairs what
// crashed workers left at the start and every minute.
func (w *Worker) Run(ctx context.Context) {
	var recovered time.Time
	for {
		if time.Since(recovered) >= time.Minute {
			if _, unknown, err := w.store.RecoverMail(ctx); err != nil {
				w.opts.Log.Warn("outbox: recover leases", slog.Any("error", err))
			} else if unknown > 0 {
				w.opts.Log.Warn("outbox: mails left sending by a stopped worker; not sent again", slog.Int("count", unknown))
			}
			recovered = time.Now()
		}
		if err := w.Drain(ctx); err != nil && ctx.Err() == nil {
			w.opts.Log.Warn("outbox", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(w.opts.Poll):
		}
	}
}

// Drain sends the mail that is due until none is left; mail queued to
// retry later stays. Tests call it to deliver what serve's worker would.
func (w *Worker) Drain(ctx context.Context) error {
	for {
		jobs, err := w.store.ClaimMail(ctx, w.owner, w.opts.Batch, w.opts.Now().Add(w.opts.Lease))
		if err != nil || len(jobs) == 0 {
			return err
		}
		for _, j := range jobs {
			if err := ctx.Err(); err != nil {
				// Shutting down: the rest go back to the queue at once.
				return errors.Join(err, w.store.ReleaseMail(context.WithoutCancel(ctx), w.owner))
			}
			if err := w.send(ctx, j); err != nil {
				// The rest stay claimed until their lease ends, and
				// then go back to the queue.
				return err
			}
		}
	}
}

// send decides, builds and sends one mail, and records how it went.
func (w *Worker) send(ctx context.Context, j store.MailJob) error {
	compose, ok := w.compose[j.Kind]
	if !ok {
		return fmt.Errorf("outbox %d: no composer for mail kind %q", j.ID, j.Kind)
	}
	token := secret.New()
	send, err := w.store.StartMail(ctx, j, w.owner, w.opts.Now().Add(w.opts.Lease), store.MailLink{Hash: secret.Hash(token), PrefsToken: secret.New()})
	if errors.Is(err, store.ErrLeaseLost) || (err == nil && !send) {
		return nil
	}
	if err != nil {
		return err
	}
	msg, err := compose(j, token)
	if err == nil {
		// A send once begun is finished (within the sender's timeout)
		// even when ctx ends: shutting down must not leave it unknown.
		err = w.sender.Send(context.WithoutCancel(ctx), msg)
	}
	o := w.outcome(j, err)
	if o.State == store.DeliveryFailed || o.State == store.DeliveryUnknown {
		w.opts.Log.Error("outbox: mail not sent", slog.Int64("outbox_id", j.ID), slog.String("kind", j.Kind),
			slog.String("state", o.State), slog.Int("attempts", j.Attempts+1), slog.Any("error", err))
	}
	if err := w.store.FinishMail(context.WithoutCancel(ctx), j.ID, w.owner, o); err != nil && !errors.Is(err, store.ErrLeaseLost) {
		return err
	}
	return nil
}

// outcome classifies a send's result as the digest does (EMAIL.md): 2xx
// sent; 5xx or a message that cannot be sent failed; the connection lost
// after the data went unknown; anything else retried later, up to
// MaxAttempts.
func (w *Worker) outcome(j store.MailJob, err error) store.Outcome {
	var se *mail.SendError
	switch {
	case err == nil:
		return store.Outcome{State: store.DeliverySent}
	case errors.Is(err, mail.ErrInvalidMessage):
		return store.Outcome{State: store.DeliveryFailed, Error: err.Error()}
	case errors.As(err, &se) && se.Unknown:
		return store.Outcome{State: store.DeliveryUnknown, Error: err.Error()}
	case errors.As(err, &se) && se.Permanent():
		return store.Outcome{State: store.DeliveryFailed, Error: err.Error()}
	case j.Attempts+1 >= w.opts.MaxAttempts:
		return store.Outcome{State: store.DeliveryFailed, Error: "gave up after retries: " + err.Error()}
	}
	wait := 30 * time.Second << min(j.Attempts, 5) // 30 s, 1, 2, 4, 8 minutes
	return store.Outcome{State: store.DeliveryQueued, Error: err.Error(), RetryAt: w.opts.Now().Add(wait)}
}
