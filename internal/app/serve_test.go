package app_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// syncBuffer is a bytes.Buffer that the server goroutine writes while the
// test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var servingURL = regexp.MustCompile(`running at (http://\S+/)`)

// TestServe starts the site as the quick start does, with the sample days
// and a scheduled harvest against a replayed arXiv, then shuts it down.
func TestServe(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		arxiv := newArxivReplay(t)
		var out, logs syncBuffer
		env := map[string]string{
			"DAILYPAPERS_DB": dsn, "DAILYPAPERS_ADDR": "127.0.0.1:0", "DAILYPAPERS_LOG_LEVEL": "info",
			"DAILYPAPERS_ARXIV_OAI_URL": arxiv.URL + "/oai2", "DAILYPAPERS_ARXIV_API_URL": arxiv.URL + "/api/query",
			"DAILYPAPERS_ARXIV_INTERVAL": "1ms",
			"DAILYPAPERS_HARVEST_SETS":   "cs", "DAILYPAPERS_HARVEST_EVERY": "1h",
		}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() {
			done <- app.Run(ctx, []string{"serve", "--demo"}, app.Env{
				Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &logs,
			})
		}()
		base := waitFor(t, func() string {
			if m := servingURL.FindStringSubmatch(out.String()); m != nil {
				return m[1]
			}
			return ""
		}, done, &logs)
		body := mustGet(t, base+"healthz")
		if !strings.Contains(body, `"ok"`) {
			t.Errorf("/healthz = %q", body)
		}
		home := mustGet(t, base)
		if !strings.Contains(home, "2026-08-21") || strings.Count(home, "<article>") != 17 {
			t.Errorf("home page does not show the latest sample day, 2026-08-21, with its 17 papers")
		}
		// The scheduled harvest reads the three replayed pages of set cs.
		waitFor(t, func() string {
			if strings.Contains(logs.String(), "msg=harvested set=cs records=2538") {
				return "done"
			}
			return ""
		}, done, &logs)
		cancel()
		if err := <-done; err != nil {
			t.Fatalf("serve returned %v after shutdown\n%s", err, logs.String())
		}
		st := stats(t, dsn)
		if st.Papers < 2600 || st.Days != 4 {
			t.Errorf("after serving: %+v; want the sample days and the harvest", st)
		}
	})
}

// waitFor polls f until it returns something, failing if the server stops.
func waitFor(t *testing.T, f func() string, done chan error, logs *syncBuffer) string {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if v := f(); v != "" {
			return v
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped: %v\n%s", err, logs.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("timed out\n%s", logs.String())
	return ""
}

func mustGet(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s = %d", url, resp.StatusCode)
	}
	return string(b)
}
