package web_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// serve starts the site over an empty SQLite store with the options given.
func serve(t *testing.T, log *slog.Logger, opts web.Options) string {
	t.Helper()
	s, err := store.Open(context.Background(), storetest.DSN(t, "sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	w, err := web.New(s, log, opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)
	return srv.URL
}

// TestRequestLog: each request is logged with its status, size and time.
func TestRequestLog(t *testing.T) {
	var logs bytes.Buffer
	url := serve(t, slog.New(slog.NewTextHandler(&logs, nil)), web.Options{Now: func() time.Time { return testNow }})
	for _, path := range []string{"/", "/nowhere", "/subscription/s3cr3t-t0ken", "/unsubscribe/s3cr3t-t0ken", "/" + strings.Repeat("x", 500<<10)} {
		resp, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, want := range []string{
		`msg=request method=GET path=/ status=200 bytes=[1-9]\d* duration=\S+`,
		`msg=request method=GET path=/nowhere status=404 bytes=[1-9]\d* duration=\S+`,
	} {
		if !regexp.MustCompile(want).MatchString(logs.String()) {
			t.Errorf("the log lacks %s:\n%s", want, logs.String())
		}
	}
	// A subscription's token is a secret, and an address of 500 KB is
	// not 500 KB of log.
	if strings.Contains(logs.String(), "s3cr3t") || logs.Len() > 4<<10 {
		t.Errorf("the log holds a token, or %d bytes for five requests:\n%.2000s", logs.Len(), logs.String())
	}
}

// TestDev: in development the templates come from the source tree.
func TestDev(t *testing.T) {
	url := serve(t, slog.New(slog.DiscardHandler), web.Options{Dev: true})
	resp, err := http.Get(url + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	b.ReadFrom(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(b.String(), "No papers here yet") {
		t.Errorf("GET / in development = %d:\n%.300s", resp.StatusCode, b.String())
	}
}

// TestHead: HEAD answers like GET, without a body.
func TestHead(t *testing.T) {
	url := serve(t, slog.New(slog.DiscardHandler), web.Options{})
	resp, err := http.Head(url + "/papers/trending")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("ETag") == "" || resp.ContentLength <= 0 {
		t.Errorf("HEAD = %d, ETag %q, length %d", resp.StatusCode, resp.Header.Get("ETag"), resp.ContentLength)
	}
}
