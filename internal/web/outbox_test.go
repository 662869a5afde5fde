package web_test

import (
	"context"
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestMailIsSentAfterTheAnswer: /subscribe and /signin answer without
// waiting for the mail server. The server accepts nothing until both
// answers have arrived (were the requests waiting for it, they would wait
// for ever), and has received nothing by then; the mail follows, from the
// outbox worker.
func TestMailIsSentAfterTheAnswer(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		hold := make(chan struct{})
		cs.smtp.SetFaults(mailtest.Faults{Hold: hold})
		ctx, cancel := context.WithCancel(context.Background())
		worked := make(chan struct{})
		go func() { // serve's worker, polling often
			defer close(worked)
			for ctx.Err() == nil {
				if err := cs.mails.Drain(ctx); err != nil && ctx.Err() == nil {
					t.Error(err)
				}
				select {
				case <-ctx.Done():
				case <-time.After(5 * time.Millisecond):
				}
			}
		}()
		defer func() { cancel(); <-worked }()

		b := cs.browser(t)
		if r := b.post("/subscribe", url.Values{"email": {"reader@example.org"}}); r.Code != 200 {
			t.Fatalf("POST /subscribe = %d", r.Code)
		}
		if r := b.post("/signin", url.Values{"email": {"ada@example.org"}}); r.Code != 200 {
			t.Fatalf("POST /signin = %d", r.Code)
		}
		if n := len(cs.smtp.Messages()); n != 0 {
			t.Errorf("%d messages arrived before the answers", n)
		}
		close(hold)
		if msgs := cs.smtp.WaitFor(t, 2, 10*time.Second); len(msgs) != 2 {
			t.Errorf("%d messages, want the confirmation and the sign-in link", len(msgs))
		}
	})
}

// TestRequestsWriteAlikeWhateverTheAddress: a request for an address that
// is subscribed (or has an account) writes what one for a new address
// writes: one outbox row, and nothing else (the new address is not even a
// subscriber until the worker runs). The worker then mails only the new one.
func TestRequestsWriteAlikeWhateverTheAddress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		b.signIn("ada@example.org", "ada")
		link := subscribeLink(t, cs, b, "reader@example.org", nil)
		if r := b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, link, "token")}}); r.Code != 200 {
			t.Fatalf("confirm = %d", r.Code)
		}
		outbox := func() []store.MailRow {
			t.Helper()
			rows, err := cs.store.Outbox(ctx)
			if err != nil {
				t.Fatal(err)
			}
			return rows
		}
		sent := len(cs.smtp.Messages())
		for _, req := range []struct{ path, email string }{
			{"/subscribe", "reader@example.org"}, // subscribed
			{"/subscribe", "new@example.org"},
			{"/signin", "ada@example.org"}, // has an account
			{"/signin", "nobody@example.org"},
		} {
			before := len(outbox())
			if r := cs.browser(t).post(req.path, url.Values{"email": {req.email}}); r.Code != 200 {
				t.Fatalf("POST %s %s = %d", req.path, req.email, r.Code)
			}
			if n := len(outbox()) - before; n != 1 {
				t.Errorf("POST %s %s wrote %d outbox rows, want 1", req.path, req.email, n)
			}
		}
		if _, err := cs.store.SubscriberByEmail(ctx, "new@example.org"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("the request itself recorded the new subscriber: %v", err)
		}

		msgs := cs.waitMail(t, sent+3, 10*time.Second)
		got := map[string]int{}
		for _, m := range msgs[sent:] {
			got[m.To[0]]++
		}
		if len(msgs) != sent+3 || got["new@example.org"] != 1 || got["ada@example.org"] != 1 || got["nobody@example.org"] != 1 {
			t.Errorf("mailed %v; want one each to new@, ada@ and nobody@", got)
		}
		rows := outbox()
		if r := rows[len(rows)-4]; r.Email != "reader@example.org" || r.State != store.MailDiscarded {
			t.Errorf("the subscribed address's request: %+v, want discarded", r)
		}
	})
}

// TestConfirmationRetriedAfterTemporaryFailure: a confirmation the mail
// server put off (4xx) goes out later with a link that works; the
// refused attempt's link never confirms.
func TestConfirmationRetriedAfterTemporaryFailure(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		cs.smtp.SetFaults(mailtest.Faults{Fail: func(string) error {
			return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try later"}
		}})
		if r := b.post("/subscribe", url.Values{"email": {"reader@example.org"}}); r.Code != 200 {
			t.Fatalf("POST /subscribe = %d", r.Code)
		}
		cs.deliver(t)
		cs.smtp.SetFaults(mailtest.Faults{})
		if n := len(cs.smtp.Messages()); n != 0 {
			t.Fatalf("%d messages through a refusing server", n)
		}
		cs.clock.Advance(time.Minute)
		msgs := cs.waitMail(t, 1, 10*time.Second)
		link := mailtest.LinkIn(t, msgs[0], cs.url+"/subscribe/confirm?token=")
		if r := b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, link, "token")}}); r.Code != 200 {
			t.Fatalf("confirming with the retried mail's link = %d", r.Code)
		}
		sub, err := cs.store.SubscriberByEmail(context.Background(), "reader@example.org")
		if err != nil || sub.Status != store.SubActive {
			t.Errorf("after confirming: %+v, %v", sub, err)
		}
	})
}

// TestPendingAddressMailedOnceADay: asking again while a confirmation is
// pending mails nothing until its link is a day old; then a new link.
func TestPendingAddressMailedOnceADay(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		subscribeLink(t, cs, b, "reader@example.org", nil)
		cs.clock.Advance(23 * time.Hour)
		if r := b.post("/subscribe", url.Values{"email": {"reader@example.org"}}); r.Code != 200 {
			t.Fatalf("asking again = %d", r.Code)
		}
		cs.deliver(t)
		if n := len(cs.smtp.Messages()); n != 1 {
			t.Fatalf("%d mails after asking again within a day, want 1", n)
		}
		cs.clock.Advance(2 * time.Hour)
		link := subscribeLink(t, cs, b, "reader@example.org", nil)
		if n := len(cs.smtp.Messages()); n != 2 {
			t.Fatalf("%d mails after asking again a day later, want 2", n)
		}
		if r := b.post("/subscribe/confirm", url.Values{"token": {mustQuery(t, link, "token")}}); r.Code != 200 {
			t.Errorf("confirming with the new link = %d", r.Code)
		}
	})
}
