package app_test

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestDigestCommands: digest preview writes the HTML, digest send plans
// and sends a day's digest to every confirmed subscriber and, run again,
// sends nothing more; digest status shows the run.
func TestDigestCommands(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	srv := mailtest.NewServer(t)
	env := map[string]string{"DAILYPAPERS_DB": dsn, "DAILYPAPERS_LOG_LEVEL": "warn", "DAILYPAPERS_SMTP_URL": srv.URL(),
		"DAILYPAPERS_BASE_URL": "https://papers.example.org", "DAILYPAPERS_DIGEST_RATE": "0"}
	cmd := func(args ...string) (string, error) {
		var out, errOut bytes.Buffer
		err := app.Run(context.Background(), args, app.Env{Getenv: func(k string) string { return env[k] },
			Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
		if err != nil {
			t.Logf("%v: %s", args, errOut.String())
		}
		return out.String(), err
	}
	if _, err := cmd("import", "--date", "2026-08-21", storetest.HFDay("2026-08-21")); err != nil {
		t.Fatal(err)
	}
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, email := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		hash := "h-" + email
		if _, err := s.Subscribe(context.Background(), store.SubscribeRequest{Email: email, Frequency: "daily", Token: "t-" + email, ConfirmHash: hash}); err != nil {
			t.Fatal(err)
		}
		if email != "c@example.org" { // c never confirmed
			if _, err := s.ConfirmSubscription(context.Background(), hash, "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
	}
	s.Close()
	html, err := cmd("digest", "preview", "--date", "2026-08-21")
	if err != nil || !strings.Contains(html, "<html") || !strings.Contains(html, "https://papers.example.org/papers/") {
		t.Fatalf("preview: %v, %.200s", err, html)
	}
	out, err := cmd("digest", "send", "--date", "2026-08-21")
	if err != nil || out != "daily digest 2026-08-21: 2 sent, 0 failed, 0 unknown, 0 skipped, 0 waiting\n" {
		t.Fatalf("send: %v, %q", err, out)
	}
	if n := len(srv.WaitFor(t, 2, 10*time.Second)); n != 2 {
		t.Errorf("%d messages", n)
	}
	if out, err := cmd("digest", "send", "--date", "2026-08-21"); err != nil || !strings.Contains(out, "2 sent") {
		t.Errorf("send again: %v, %q", err, out)
	}
	time.Sleep(100 * time.Millisecond)
	if n := len(srv.Messages()); n != 2 {
		t.Errorf("sending again sent %d more", n-2)
	}
	status, err := cmd("digest", "status")
	if err != nil || !strings.Contains(status, "2026-08-21") || !strings.Contains(status, "done") {
		t.Errorf("status: %v\n%s", err, status)
	}
	if _, err := cmd("digest", "send", "--date", "2026-13-45"); err == nil {
		t.Error("send of a bad date: no error")
	}
	if _, err := cmd("digest", "send", "--date", "2026-08-22"); err == nil {
		t.Error("send of a day without papers: no error")
	}
}

// TestDigestSendNeedsBaseURL: digest send without a base URL refuses with
// an error that names the setting, plans nothing and sends nothing; run
// again with the URL, it sends to every subscriber. It once failed every
// delivery for good, and the rerun sent nothing.
func TestDigestSendNeedsBaseURL(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		srv := mailtest.NewServer(t)
		env := map[string]string{"DAILYPAPERS_DB": dsn, "DAILYPAPERS_LOG_LEVEL": "warn", "DAILYPAPERS_SMTP_URL": srv.URL(),
			"DAILYPAPERS_DIGEST_RATE": "0"}
		cmd := func(args ...string) (string, error) {
			var out, errOut bytes.Buffer
			err := app.Run(context.Background(), args, app.Env{Getenv: func(k string) string { return env[k] },
				Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut})
			return out.String(), err
		}
		if _, err := cmd("import", "--date", "2026-08-21", storetest.HFDay("2026-08-21")); err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, email := range []string{"a@example.org", "b@example.org"} {
			if _, err := s.Subscribe(context.Background(), store.SubscribeRequest{Email: email, Frequency: "daily", Token: "t-" + email, ConfirmHash: "h-" + email}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.ConfirmSubscription(context.Background(), "h-"+email, "127.0.0.1"); err != nil {
				t.Fatal(err)
			}
		}
		s.Close()

		out, err := cmd("digest", "send", "--date", "2026-08-21")
		if err == nil || !strings.Contains(err.Error(), "DAILYPAPERS_BASE_URL") {
			t.Errorf("send without a base URL = %v, %q; want an error naming DAILYPAPERS_BASE_URL", err, out)
		}
		if status, err := cmd("digest", "status"); err != nil || strings.Contains(status, "2026-08-21") {
			t.Errorf("a run was planned without a base URL: %v\n%s", err, status)
		}
		env["DAILYPAPERS_BASE_URL"] = "https://papers.example.org"
		out, err = cmd("digest", "send", "--date", "2026-08-21")
		if err != nil || out != "daily digest 2026-08-21: 2 sent, 0 failed, 0 unknown, 0 skipped, 0 waiting\n" {
			t.Fatalf("send with the base URL: %v, %q", err, out)
		}
		if n := len(srv.WaitFor(t, 2, 10*time.Second)); n != 2 {
			t.Errorf("%d messages, want 2", n)
		}
	})
}
