package digest_test

import (
	"context"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestSend: a digest to 30 subscribers arrives once at each, with a stable
// Message-ID, both MIME parts, one-click unsubscribe headers and the topic
// picks of those who follow topics, over one reused connection per worker.
func TestSend(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 30)
		const workers = 3
		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL, Workers: workers, Batch: 4, Lease: 2 * time.Second})

		run, err := svc.Send(bounded(t), digest.Daily, day)
		if err != nil {
			t.Fatalf("Send: %v", err)
		}
		if !run.Done() || run.Finished.IsZero() || run.Counts[store.DeliverySent] != len(subs) {
			t.Fatalf("after Send: done %v, finished %v, counts %v", run.Done(), run.Finished, run.Counts)
		}

		msgs := srv.Messages()
		if len(msgs) != len(subs) {
			t.Fatalf("%d messages arrived for %d subscribers", len(msgs), len(subs))
		}
		byID := map[string]arrival{}
		for _, m := range msgs {
			a := parseArrival(t, m)
			if _, dup := byID[a.MessageID]; dup {
				t.Errorf("Message-ID %s arrived twice", a.MessageID)
			}
			byID[a.MessageID] = a
		}
		for _, sub := range subs {
			id := fmt.Sprintf("<digest-%d-%d@%s>", run.ID, sub.ID, host)
			a, ok := byID[id]
			if !ok {
				t.Errorf("%s: no message %s", sub.Email, id)
				continue
			}
			checkMessage(t, a, sub)
			hasPick := strings.Contains(oneLine(a.Text), asrTitle) && strings.Contains(a.HTML, asrTitle)
			if follows := len(sub.Keywords) > 0; follows != hasPick || follows != strings.Contains(a.Text, "YOUR TOPICS") {
				t.Errorf("%s follows %q: the ASR paper in both parts = %v", sub.Email, sub.Keywords, hasPick)
			}
		}
		for _, m := range msgs {
			if len(m.To) != 1 || !strings.HasPrefix(m.To[0], "reader") {
				t.Errorf("envelope recipients %v", m.To)
			}
		}
		if n := srv.Connections(); n > workers {
			t.Errorf("%d SMTP connections for %d workers: connections are not reused", n, workers)
		}
	})
}

// checkMessage checks the headers and parts of a subscriber's digest.
func checkMessage(t *testing.T, a arrival, sub store.Subscriber) {
	t.Helper()
	h := a.Header
	if to, err := h.AddressList("To"); err != nil || len(to) != 1 || to[0].Address != sub.Email {
		t.Errorf("%s: To = %q (%v)", sub.Email, h.Get("To"), err)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Address != "papers@example.org" {
		t.Errorf("%s: From = %q", sub.Email, h.Get("From"))
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("%s: Date: %v", sub.Email, err)
	}
	unsub := baseURL + "/unsubscribe/" + url.PathEscape(sub.Token)
	want := map[string]string{
		"List-Unsubscribe":      "<" + unsub + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"List-Id":               "Daily Papers daily digest <daily.digest." + host + ">",
	}
	for name, v := range want {
		if got := h[name]; len(got) != 1 || got[0] != v {
			t.Errorf("%s: %s = %q, want %q", sub.Email, name, got, v)
		}
	}
	if a.ContentType != "multipart/alternative" || a.Text == "" || a.HTML == "" {
		t.Errorf("%s: %s with text %d and HTML %d bytes", sub.Email, a.ContentType, len(a.Text), len(a.HTML))
	}
	if !strings.Contains(a.Text, unsub) || !strings.Contains(a.HTML, `href="`+unsub+`"`) {
		t.Errorf("%s: the body has no visible unsubscribe link", sub.Email)
	} // The day's comments were made on Hugging Face, and the paper pages
	// the digest links to do not show them: it says where they are.
	if !hfComments.MatchString(a.Text) || !hfComments.MatchString(a.HTML) {
		t.Errorf("%s: the digest counts Hugging Face's comments as this site's", sub.Email)
	}
}

var hfComments = regexp.MustCompile(`\d+ comments? on Hugging Face`)

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestTwoSenders: two services (two owners, as two servers would be) send
// the same run at once; every subscriber gets exactly one message. Once
// sharing a store, once each with its own connections to the database.
func TestTwoSenders(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 120)
		for _, separate := range []bool{false, true} {
			t.Run(fmt.Sprintf("separate_stores=%v", separate), func(t *testing.T) {
				srv := mailtest.NewServer(t)
				stores := []*store.Store{st, st}
				if separate {
					stores[1] = openStore(t, dsn, nil)
				}
				// A second period each time: the weekly run of the same papers.
				frequency, period := digest.Daily, day
				if separate {
					frequency, period = digest.Weekly, "2026-W34"
					for _, sub := range subs {
						if err := st.UpdateSubscription(context.Background(), sub.ID, digest.Weekly, nil, sub.Keywords); err != nil {
							t.Fatal(err)
						}
					}
				}
				var wg sync.WaitGroup
				errs := make([]error, 2)
				for i, s := range stores {
					svc := digest.New(s, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL, Workers: 3, Batch: 5, Lease: 2 * time.Second})
					ctx := bounded(t)
					wg.Go(func() { _, errs[i] = svc.Send(ctx, frequency, period) })
				}
				wg.Wait()
				for i, err := range errs {
					if err != nil {
						t.Fatalf("sender %d: %v", i, err)
					}
				}
				run, err := st.RunByPeriod(context.Background(), frequency, period)
				if err != nil {
					t.Fatal(err)
				}
				rows := rowsOf(t, st, run.ID)
				counts := checkDelivery(t, rows, arrivalsBySubscriber(t, srv.Messages(), run.ID))
				if len(rows) != len(subs) || counts[store.DeliverySent] != len(subs) || len(srv.Messages()) != len(subs) {
					t.Errorf("%d rows, states %v, %d messages; want %d sent", len(rows), counts, len(srv.Messages()), len(subs))
				}
				t.Logf("%d messages over %d connections", len(srv.Messages()), srv.Connections())
			})
		}
	})
}
