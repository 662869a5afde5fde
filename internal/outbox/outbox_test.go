package outbox_test

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/outbox"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// clock is a clock tests move by hand, shared by the store and workers.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// bench is a database, an SMTP server and a clock.
type bench struct {
	dsn   string
	clock *clock
	smtp  *mailtest.Server
	store *store.Store
	links map[string]string // the last sign-in secret mailed to each address
	mu    sync.Mutex
}

func newBench(t *testing.T, dsn string) *bench {
	b := &bench{dsn: dsn, clock: &clock{t: time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)}, smtp: mailtest.NewServer(t), links: map[string]string{}}
	b.store = b.open(t)
	return b
}

// open opens the bench's database once more, as another process would.
func (b *bench) open(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), b.dsn, store.Options{Now: b.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// worker is a worker on st that mails sign-in links.
func (b *bench) worker(t *testing.T, st *store.Store, opts outbox.Options) *outbox.Worker {
	t.Helper()
	sender, err := mail.New(mail.Config{URL: b.smtp.URL(), From: "Daily Papers <papers@example.org>"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	opts.Now = b.clock.Now
	return outbox.New(st, sender, map[string]outbox.Composer{store.MailSignIn: func(j store.MailJob, token string) (mail.Message, error) {
		b.mu.Lock()
		b.links[j.Email] = token
		b.mu.Unlock()
		return mail.Message{To: j.Email, Subject: "sign in", Text: "token " + token + "\n"}, nil
	}}, opts)
}

func (b *bench) queue(t *testing.T, emails ...string) {
	t.Helper()
	for _, e := range emails {
		if err := b.store.QueueMail(context.Background(), store.MailJob{Kind: store.MailSignIn, Email: e, Next: "/", LinkLifetime: 15 * time.Minute}); err != nil {
			t.Fatal(err)
		}
	}
}

func (b *bench) states(t *testing.T) []string {
	t.Helper()
	rows, err := b.store.Outbox(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, r.State)
	}
	return out
}

func drain(t *testing.T, w *outbox.Worker) {
	t.Helper()
	if err := w.Drain(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestTwoWorkersSendEachOnce: two processes' workers draining one outbox
// at once send every mail, each once.
func TestTwoWorkersSendEachOnce(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		b := newBench(t, dsn)
		var want []string
		for i := range 40 {
			want = append(want, fmt.Sprintf("reader%02d@example.org", i))
		}
		b.queue(t, want...)
		workers := []*outbox.Worker{b.worker(t, b.store, outbox.Options{Batch: 3}), b.worker(t, b.open(t), outbox.Options{Batch: 3})}
		var wg sync.WaitGroup
		for _, w := range workers {
			wg.Go(func() {
				if err := w.Drain(context.Background()); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		var got []string
		for _, m := range b.smtp.Messages() {
			got = append(got, m.To...)
		}
		slices.Sort(got)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("recipients (-want +got):\n%s", diff)
		}
		for _, s := range b.states(t) {
			if s != store.DeliverySent {
				t.Errorf("a mail is %s after draining, want sent", s)
			}
		}
		drain(t, workers[0]) // sent mail is never sent again
		if n := len(b.smtp.Messages()); n != len(want) {
			t.Errorf("%d messages after draining again, want %d", n, len(want))
		}
	})
}

// TestRetryAfterTemporaryFailure: a 4xx queues the mail again with a wait;
// the mail that finally goes carries a working link, and the refused
// attempt's link is gone. Failing every time, it gives up after
// MaxAttempts.
func TestRetryAfterTemporaryFailure(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		b := newBench(t, dsn)
		w := b.worker(t, b.store, outbox.Options{MaxAttempts: 3})
		busy := func(string) error {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}
		b.smtp.SetFaults(mailtest.Faults{Fail: busy})
		b.queue(t, "ada@example.org")
		drain(t, w)
		refused := b.links["ada@example.org"]
		if n := len(b.smtp.Messages()); n != 0 || !slices.Equal(b.states(t), []string{store.DeliveryQueued}) {
			t.Fatalf("after a 451: %d messages, states %v; want none, queued", n, b.states(t))
		}
		b.smtp.SetFaults(mailtest.Faults{})
		drain(t, w) // not due yet
		if n := len(b.smtp.Messages()); n != 0 {
			t.Fatalf("retried at once: %d messages", n)
		}
		b.clock.Advance(time.Minute)
		drain(t, w)
		if n := len(b.smtp.Messages()); n != 1 || !slices.Equal(b.states(t), []string{store.DeliverySent}) {
			t.Fatalf("after the wait: %d messages, states %v; want 1, sent", n, b.states(t))
		}
		if _, _, err := b.store.UseSigninToken(ctx, secret.Hash(refused)); err == nil {
			t.Error("the refused attempt's link signs in")
		}
		if email, _, err := b.store.UseSigninToken(ctx, secret.Hash(b.links["ada@example.org"])); err != nil || email != "ada@example.org" {
			t.Errorf("the mailed link: %q, %v", email, err)
		}

		b.smtp.SetFaults(mailtest.Faults{Fail: busy})
		b.queue(t, "bob@example.org")
		for range 5 {
			drain(t, w)
			b.clock.Advance(time.Hour)
		}
		rows, err := b.store.Outbox(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if r := rows[1]; r.State != store.DeliveryFailed || r.Attempts != 3 {
			t.Errorf("always refused: %s after %d attempts, want failed after 3", r.State, r.Attempts)
		}
	})
}

// TestCrashedWorkersLeases: mail a stopped worker had claimed goes back to
// the queue once its lease ends; mail it was sending is not sent again.
func TestCrashedWorkersLeases(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		b := newBench(t, dsn)
		b.queue(t, "claimed@example.org", "sending@example.org")
		jobs, err := b.store.ClaimMail(ctx, "crashed", 2, b.clock.Now().Add(time.Minute))
		if err != nil || len(jobs) != 2 {
			t.Fatalf("claim: %d, %v", len(jobs), err)
		}
		// A worker shutting down gives back what it claimed and did not start.
		if err := b.store.ReleaseMail(ctx, "crashed"); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([]string{store.DeliveryQueued, store.DeliveryQueued}, b.states(t)); diff != "" {
			t.Errorf("released (-want +got):\n%s", diff)
		}
		if jobs, err = b.store.ClaimMail(ctx, "crashed", 2, b.clock.Now().Add(time.Minute)); err != nil || len(jobs) != 2 {
			t.Fatalf("claim again: %d, %v", len(jobs), err)
		}
		if send, err := b.store.StartMail(ctx, jobs[1], "crashed", b.clock.Now().Add(time.Minute), store.MailLink{Hash: "h"}); err != nil || !send {
			t.Fatalf("start: %v, %v", send, err)
		}
		w := b.worker(t, b.store, outbox.Options{})
		drain(t, w) // both held under lease
		if n := len(b.smtp.Messages()); n != 0 {
			t.Fatalf("%d messages sent under another worker's lease", n)
		}
		b.clock.Advance(2 * time.Minute)
		requeued, unknown, err := b.store.RecoverMail(ctx)
		if err != nil || requeued != 1 || unknown != 1 {
			t.Fatalf("RecoverMail = %d, %d, %v; want 1, 1", requeued, unknown, err)
		}
		if err := b.store.FinishMail(ctx, jobs[1].ID, "crashed", store.Outcome{State: store.DeliverySent}); err == nil {
			t.Error("a worker that lost its lease recorded an outcome")
		}
		drain(t, w)
		if msgs := b.smtp.Messages(); len(msgs) != 1 || msgs[0].To[0] != "claimed@example.org" {
			t.Errorf("after recovery: %d messages; want only the claimed one", len(msgs))
		}
		if diff := cmp.Diff([]string{store.DeliverySent, store.DeliveryUnknown}, b.states(t)); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
	})
}
