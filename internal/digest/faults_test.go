package digest_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// reply is an SMTP answer the test server gives.
func reply(code int, enhanced smtp.EnhancedCode, msg string) *smtp.SMTPError {
	return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: msg}
}

// TestSendFaults: each way a send can end, on one run: a 5xx fails the
// delivery (a 5.1.1 also suppresses the address); a 4xx is retried when
// due and then sent; a receiving domain that says 421 is left alone for a
// while, then sent to; a temporary failure that never ends gives up after
// MaxAttempts; a connection lost after the data leaves the delivery
// unknown and it is not sent again; a subscriber who leaves between
// planning and sending (unsubscribed or suppressed) gets nothing.
func TestSendFaults(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		clk := newClock()
		srv := mailtest.NewServer(t)
		st := openStore(t, dsn, clk.Now)
		importDay(t, st)
		subs := addSubscribers(t, st, 20)
		special := map[string]store.Subscriber{}
		for _, name := range []string{"nouser", "spam", "later", "always-later", "drop", "unsub", "suppressed"} {
			special[name] = addSubscriber(t, st, name+"@example.org", nil, nil)
		}
		for _, name := range []string{"a", "b", "c"} {
			special["busy-"+name] = addSubscriber(t, st, name+"@busy.example", nil, nil)
		}

		var laterOnce, busyOnce atomic.Bool
		var mu sync.Mutex
		rcpts := map[string]int{} // RCPT TO per address
		srv.SetFaults(mailtest.Faults{
			Fail: func(rcpt string) error {
				mu.Lock()
				rcpts[rcpt]++
				mu.Unlock()
				switch {
				case rcpt == "nouser@example.org":
					return reply(550, smtp.EnhancedCode{5, 1, 1}, "no such user")
				case rcpt == "spam@example.org":
					return reply(554, smtp.EnhancedCode{5, 7, 1}, "message refused")
				case rcpt == "later@example.org" && laterOnce.CompareAndSwap(false, true):
					return reply(451, smtp.EnhancedCode{4, 3, 0}, "try again later")
				case rcpt == "always-later@example.org":
					return reply(452, smtp.EnhancedCode{4, 2, 2}, "mailbox full")
				case strings.HasSuffix(rcpt, "@busy.example") && busyOnce.CompareAndSwap(false, true):
					return reply(421, smtp.EnhancedCode{4, 7, 0}, "too many messages, slow down")
				}
				return nil
			},
			Drop: func(rcpt string) bool { return rcpt == "drop@example.org" },
		})
		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL, Now: clk.Now,
			Workers: 2, Batch: 3, Lease: time.Minute, MaxAttempts: 3})

		run, err := svc.Plan(ctx, digest.Daily, day)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.Unsubscribe(ctx, special["unsub"].ID, "one-click"); err != nil {
			t.Fatal(err)
		}
		if err := st.Suppress(ctx, "suppressed@example.org", "admin", "asked by phone"); err != nil {
			t.Fatal(err)
		}
		if err := svc.SendRun(ctx, run); err != nil {
			t.Fatalf("SendRun: %v", err)
		}
		state := func(name string) store.DeliveryRow { return rowsOf(t, st, run.ID)[special[name].ID] }
		for name, want := range map[string]string{
			"nouser": store.DeliveryFailed, "spam": store.DeliveryFailed, "drop": store.DeliveryUnknown,
			"unsub": store.DeliverySkipped, "suppressed": store.DeliverySkipped,
			"later": store.DeliveryQueued, "always-later": store.DeliveryQueued,
			"busy-a": store.DeliveryQueued, "busy-b": store.DeliveryQueued, "busy-c": store.DeliveryQueued,
		} {
			if got := state(name); got.State != want {
				t.Errorf("%s after the first round: %s (%q), want %s", name, got.State, got.LastError, want)
			}
		}
		if r := state("nouser"); !strings.Contains(r.LastError, "550") || !strings.Contains(r.LastError, "5.1.1") {
			t.Errorf("nouser's error = %q", r.LastError)
		}
		for name, want := range map[string]string{"nouser": "bounce", "spam": ""} {
			if sub, _ := st.SubscriberByEmail(ctx, name+"@example.org"); sub.Suppressed != want {
				t.Errorf("%s suppressed for %q, want %q", name, sub.Suppressed, want)
			}
		}
		mu.Lock()
		busyTries := rcpts["a@busy.example"] + rcpts["b@busy.example"] + rcpts["c@busy.example"]
		mu.Unlock()
		if busyTries != 1 {
			t.Errorf("%d sends to busy.example after it said 421, want none after the first", busyTries-1)
		}

		// Nothing is due before the retry time: a second round sends nothing.
		sent := len(srv.Messages())
		if err := svc.SendRun(ctx, run); err != nil {
			t.Fatal(err)
		}
		if n := len(srv.Messages()); n != sent {
			t.Errorf("%d messages sent before any retry was due", n-sent)
		}
		// Rounds as time passes, until the run is done.
		for i := 0; ; i++ {
			if done, err := st.FinishRun(ctx, run.ID); err != nil || done {
				if err != nil {
					t.Fatal(err)
				}
				break
			}
			if i == 10 {
				t.Fatalf("not done after %d rounds: %v", i, runOf(t, st).Counts)
			}
			clk.Advance(10 * time.Minute)
			if err := svc.SendRun(ctx, run); err != nil {
				t.Fatal(err)
			}
		}
		for name, want := range map[string]string{"later": store.DeliverySent, "always-later": store.DeliveryFailed,
			"busy-a": store.DeliverySent, "busy-b": store.DeliverySent, "busy-c": store.DeliverySent, "drop": store.DeliveryUnknown} {
			if got := state(name); got.State != want {
				t.Errorf("%s at the end: %s (%q), want %s", name, got.State, got.LastError, want)
			}
		}
		if r := state("always-later"); r.Attempts != 3 || !strings.Contains(r.LastError, "gave up") || !strings.Contains(r.LastError, "452") {
			t.Errorf("always-later: %d attempts, %q; want 3 and giving up", r.Attempts, r.LastError)
		}
		mu.Lock()
		if n := rcpts["always-later@example.org"]; n != 3 {
			t.Errorf("always-later tried %d times, want 3", n)
		}
		mu.Unlock()
		rows := rowsOf(t, st, run.ID)
		arrived := arrivalsBySubscriber(t, srv.Messages(), run.ID)
		counts := checkDelivery(t, rows, arrived)
		if arrived[special["drop"].ID] != 1 {
			t.Errorf("the dropped message arrived %d times, want once", arrived[special["drop"].ID])
		}
		want := map[string]int{store.DeliverySent: len(subs) + 4, store.DeliveryFailed: 3, store.DeliveryUnknown: 1, store.DeliverySkipped: 2}
		for s, n := range want {
			if counts[s] != n {
				t.Errorf("%d %s, want %d (all: %v)", counts[s], s, n, counts)
			}
		}
	})
}

// TestSendStall: a server slow to accept, within the timeout, still gets
// every message once, and nothing is unknown.
func TestSendStall(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		srv.SetFaults(mailtest.Faults{Stall: 700 * time.Millisecond})
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 6)
		sender := newSender(t, srv.URL())
		sender.(*mail.SMTPSender).Timeout = 3 * time.Second
		svc := digest.New(st, sender, digest.Options{BaseURL: baseURL, Workers: 3, Batch: 2, Lease: 5 * time.Second})
		run, err := svc.Send(bounded(t), digest.Daily, day)
		if err != nil {
			t.Fatal(err)
		}
		counts := checkDelivery(t, rowsOf(t, st, run.ID), arrivalsBySubscriber(t, srv.Messages(), run.ID))
		if counts[store.DeliverySent] != len(subs) {
			t.Errorf("states %v, want %d sent", counts, len(subs))
		}
	})
}

// TestSendPause: a run in which most sends fail pauses itself instead of
// burning through the list; resumed after the fault is gone, it sends the
// rest.
func TestSendPause(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		srv := mailtest.NewServer(t)
		var broken atomic.Bool
		broken.Store(true)
		srv.SetFaults(mailtest.Faults{Fail: func(string) error {
			if broken.Load() {
				return reply(554, smtp.EnhancedCode{5, 7, 1}, "relay access denied")
			}
			return nil
		}})
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 120)
		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL, Workers: 2, Batch: 5, Lease: 5 * time.Second})
		run, err := svc.Send(bounded(t), digest.Daily, day)
		if err != nil {
			t.Fatal(err)
		}
		failed := run.Counts[store.DeliveryFailed]
		if !run.Paused || run.Done() || failed < 50 || failed > 60 {
			t.Fatalf("after most sends failed: paused %v, counts %v", run.Paused, run.Counts)
		}
		broken.Store(false)
		if err := st.PauseRun(ctx, run.ID, false); err != nil {
			t.Fatal(err)
		}
		if run, err = svc.Send(bounded(t), digest.Daily, day); err != nil {
			t.Fatal(err)
		}
		counts := checkDelivery(t, rowsOf(t, st, run.ID), arrivalsBySubscriber(t, srv.Messages(), run.ID))
		if !run.Done() || counts[store.DeliverySent] != len(subs)-failed {
			t.Errorf("after resuming: states %v, want %d sent", counts, len(subs)-failed)
		}
	})
}

// TestUnsubscribeWhileSending: subscribers leave while the workers send.
// Whoever left before their turn gets nothing (their delivery is skipped
// and no message arrived for it); whoever was already being sent to gets
// exactly one message.
func TestUnsubscribeWhileSending(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := bounded(t)
		srv := mailtest.NewServer(t)
		srv.SetFaults(mailtest.Faults{Stall: 5 * time.Millisecond})
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 120)
		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL, Workers: 4, Batch: 3, Lease: 5 * time.Second})
		run, err := svc.Plan(ctx, digest.Daily, day)
		if err != nil {
			t.Fatal(err)
		}

		leavers := rand.Perm(len(subs))[:40]
		left := map[int64]bool{}
		done := make(chan struct{})
		go func() {
			defer close(done)
			for len(srv.Messages()) == 0 && ctx.Err() == nil { // begin once sending has
				time.Sleep(time.Millisecond)
			}
			for _, i := range leavers {
				if err := svc.Unsubscribe(ctx, subs[i], "one-click"); err != nil {
					t.Error(err)
					return
				}
				left[subs[i].ID] = true
				time.Sleep(time.Duration(rand.IntN(8)) * time.Millisecond)
			}
		}()
		if _, err := svc.Send(ctx, digest.Daily, day); err != nil {
			t.Fatal(err)
		}
		<-done

		rows := rowsOf(t, st, run.ID)
		arrived := arrivalsBySubscriber(t, srv.Messages(), run.ID)
		counts := checkDelivery(t, rows, arrived)
		var skipped, sentAnyway int
		for id, r := range rows {
			switch {
			case r.State == store.DeliverySkipped && !left[id]:
				t.Errorf("subscriber %d skipped without leaving", id)
			case r.State == store.DeliverySkipped:
				skipped++
			case left[id] && r.State == store.DeliverySent:
				sentAnyway++
			case r.State != store.DeliverySent:
				t.Errorf("subscriber %d: %s", id, r.State)
			}
		}
		if skipped == 0 || counts[store.DeliverySent]+skipped != len(subs) {
			t.Errorf("states %v", counts)
		}
		t.Logf("%d left during the run: %d skipped, %d already being sent to", len(leavers), skipped, sentAnyway)
	})
}
