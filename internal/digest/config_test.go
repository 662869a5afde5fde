package digest_test

import (
	"context"
	"errors"
	"testing"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// badBaseURLs are base URLs no digest can be mailed with.
var badBaseURLs = []string{"", "http://", "/papers", "papers.example.org", "ftp://papers.example.org", "http://papers.example.org"}

// TestPlanNeedsBaseURL: without a base URL every link in mail can start
// with, planning is refused with ErrConfig and plans nothing, and the run
// is planned and sent whole once the URL is given. Every delivery was once
// planned and then failed for good, and a run with the right URL sent
// nothing.
func TestPlanNeedsBaseURL(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 3)
		for _, bad := range badBaseURLs {
			svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: bad})
			if err := svc.CheckConfig(); !errors.Is(err, digest.ErrConfig) {
				t.Errorf("CheckConfig with base URL %q = %v, want ErrConfig", bad, err)
			}
			if _, err := svc.Send(bounded(t), digest.Daily, day); !errors.Is(err, digest.ErrConfig) {
				t.Errorf("Send with base URL %q = %v, want ErrConfig", bad, err)
			}
		}
		if _, err := st.RunByPeriod(context.Background(), digest.Daily, day); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("a run was planned without a base URL: %v", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent without a base URL", n)
		}

		svc := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL})
		run, err := svc.Send(bounded(t), digest.Daily, day)
		if err != nil || run.Counts[store.DeliverySent] != len(subs) {
			t.Fatalf("Send with the base URL = %v, counts %v; want %d sent", err, run.Counts, len(subs))
		}
	})
}

// TestSendNeedsBaseURL: a run planned with a good configuration and sent by
// a process without one (a second server, a restart with a broken
// configuration) sends nothing and leaves every delivery queued, its
// attempts untouched; the right configuration then sends them all.
func TestSendNeedsBaseURL(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		st := openStore(t, dsn, nil)
		importDay(t, st)
		subs := addSubscribers(t, st, 3)
		good := digest.New(st, newSender(t, srv.URL()), digest.Options{BaseURL: baseURL})
		run, err := good.Plan(context.Background(), digest.Daily, day)
		if err != nil {
			t.Fatal(err)
		}
		bad := digest.New(st, newSender(t, srv.URL()), digest.Options{})
		if err := bad.SendRun(bounded(t), run); !errors.Is(err, digest.ErrConfig) {
			t.Errorf("SendRun without a base URL = %v, want ErrConfig", err)
		}
		if err := bad.SendOpen(bounded(t)); !errors.Is(err, digest.ErrConfig) {
			t.Errorf("SendOpen without a base URL = %v, want ErrConfig", err)
		}
		if _, err := bad.Send(bounded(t), digest.Daily, day); !errors.Is(err, digest.ErrConfig) {
			t.Errorf("Send without a base URL = %v, want ErrConfig", err)
		}
		for id, row := range rowsOf(t, st, run.ID) {
			if row.State != store.DeliveryQueued || row.Attempts != 0 {
				t.Errorf("subscriber %d after sends without a base URL: %s after %d attempts (%s), want queued, untried",
					id, row.State, row.Attempts, row.LastError)
			}
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages sent without a base URL", n)
		}

		run, err = good.Send(bounded(t), digest.Daily, day)
		if err != nil || run.Counts[store.DeliverySent] != len(subs) {
			t.Fatalf("Send with the base URL = %v, counts %v; want %d sent", err, run.Counts, len(subs))
		}
	})
}
