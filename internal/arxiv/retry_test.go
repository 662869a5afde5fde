package arxiv_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/google/go-cmp/cmp"
)

func contains(ds []time.Duration, d time.Duration) bool { return slices.Contains(ds, d) }

// failFirst answers the first n requests with fail, then replays the API.
func failFirst(t *testing.T, n int, fail http.HandlerFunc) http.HandlerFunc {
	var mu sync.Mutex
	calls := 0
	return func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		c := calls
		mu.Unlock()
		if c <= n {
			fail(w, r)
			return
		}
		replayAPI(t)(w, r)
	}
}

func status(code int, retryAfter string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if retryAfter != "" {
			w.Header().Set("Retry-After", retryAfter)
		}
		w.WriteHeader(code)
	}
}

func fetchOne(c *arxiv.Client) ([]string, error) {
	var got []string
	_, err := c.Fetch(context.Background(), []string{"1707.08567"}, collect(&got))
	return got, err
}

func TestRetryAfter(t *testing.T) {
	clock := newFakeClock()
	tests := []struct {
		name       string
		code       int
		retryAfter string
		want       time.Duration
	}{
		{"delta-seconds", http.StatusServiceUnavailable, "7", 7 * time.Second},
		{"HTTP-date", http.StatusServiceUnavailable, clock.Now().Add(90 * time.Second).Format(http.TimeFormat), 90 * time.Second},
		{"capped", http.StatusTooManyRequests, "3600", 10 * time.Minute},
		{"date in the past", http.StatusServiceUnavailable, clock.Now().Add(-time.Hour).Format(http.TimeFormat), 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			srv := newServer(t, clock, failFirst(t, 1, status(tt.code, tt.retryAfter)))
			got, err := fetchOne(srv.client(arxiv.Config{}))
			if err != nil || len(got) != 1 {
				t.Fatalf("Fetch = %v, %v", got, err)
			}
			sleeps := clock.Sleeps()
			if len(sleeps) == 0 || sleeps[0] != tt.want {
				t.Errorf("sleeps %v, want first %v", sleeps, tt.want)
			}
			reqs := srv.Requests()
			if len(reqs) != 2 || reqs[1].At.Sub(reqs[0].At) < max(tt.want, arxiv.DefaultMinInterval) {
				t.Errorf("requests at %v", reqs)
			}
		})
	}
}

// TestBackoff: without Retry-After, the first retry waits 2s less up to
// half of it for jitter; and network errors are retried too.
func TestBackoff(t *testing.T) {
	hangUp := func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		conn.Close()
	}
	tests := []struct {
		name string
		fail http.HandlerFunc
	}{
		{"500", status(http.StatusInternalServerError, "")},
		{"502 with garbage Retry-After", status(http.StatusBadGateway, "soon")},
		{"connection closed", hangUp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			srv := newServer(t, clock, failFirst(t, 2, tt.fail))
			// A short MinInterval leaves only the back-off to sleep for.
			got, err := fetchOne(srv.client(arxiv.Config{MinInterval: time.Millisecond}))
			if err != nil || len(got) != 1 {
				t.Fatalf("Fetch = %v, %v", got, err)
			}
			s := clock.Sleeps()
			if len(s) != 2 || s[0] < time.Second || s[0] > 2*time.Second || s[1] < 2*time.Second || s[1] > 4*time.Second {
				t.Errorf("sleeps %v, want one in [1s,2s] then one in [2s,4s]", s)
			}
		})
	}
}

// TestTruncatedBody: a transfer cut short is fetched again, and the
// records of the broken transfer are not handed on.
func TestTruncatedBody(t *testing.T) {
	half := func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(apiFile(t, "1707.08567"))
		if err != nil {
			t.Error(err)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(len(b)))
		_, _ = w.Write(b[:len(b)*3/4])
	}
	srv := newServer(t, newFakeClock(), failFirst(t, 1, half))
	got, err := fetchOne(srv.client(arxiv.Config{}))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"1707.08567"}, got); diff != "" {
		t.Errorf("papers (-want +got):\n%s", diff)
	}
	if n := len(srv.Requests()); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

func TestGiveUp(t *testing.T) {
	srv := newServer(t, newFakeClock(), status(http.StatusTooManyRequests, ""))
	_, err := fetchOne(srv.client(arxiv.Config{}))
	var httpErr *arxiv.HTTPError
	if !errors.As(err, &httpErr) {
		t.Fatalf("err = %v, want an HTTPError", err)
	}
	tries := arxiv.DefaultMaxRetries + 1
	if httpErr.Status != http.StatusTooManyRequests || httpErr.Tries != tries || !httpErr.GaveUp {
		t.Errorf("error %+v", httpErr)
	}
	for _, s := range []string{srv.URL + "/api/query?", "429", strconv.Itoa(tries) + " tries"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("error %q does not say %q", err, s)
		}
	}
	if n := len(srv.Requests()); n != tries {
		t.Errorf("%d requests, want %d", n, tries)
	}
}

func TestNotRetried(t *testing.T) {
	srv := newServer(t, newFakeClock(), status(http.StatusNotFound, ""))
	_, err := fetchOne(srv.client(arxiv.Config{}))
	var httpErr *arxiv.HTTPError
	if !errors.As(err, &httpErr) || httpErr.Status != http.StatusNotFound || httpErr.GaveUp {
		t.Fatalf("err = %v, want a 404 HTTPError", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}

// TestPacing: each request starts MinInterval after the previous one
// started, however long that one took.
func TestPacing(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, clock, func(w http.ResponseWriter, r *http.Request) {
		clock.Advance(time.Second) // the request takes a second
		replayAPI(t)(w, r)
	})
	c := srv.client(arxiv.Config{})
	for range 3 {
		if _, err := fetchOne(c); err != nil {
			t.Fatal(err)
		}
	}
	checkPaced(t, srv.Requests(), arxiv.DefaultMinInterval)
	if diff := cmp.Diff([]time.Duration{2 * time.Second, 2 * time.Second}, clock.Sleeps()); diff != "" {
		t.Errorf("sleeps (-want +got):\n%s", diff)
	}
}

func checkPaced(t *testing.T, reqs []seen, interval time.Duration) {
	t.Helper()
	for i := 1; i < len(reqs); i++ {
		if d := reqs[i].At.Sub(reqs[i-1].At); d < interval {
			t.Errorf("request %d started %v after the previous one, want >= %v", i, d, interval)
		}
	}
}

// TestConcurrentCallers: callers on several goroutines share one pace and
// one request at a time.
func TestConcurrentCallers(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, clock, replayAPI(t))
	c := srv.client(arxiv.Config{MinInterval: 5 * time.Second})
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			if _, err := fetchOne(c); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if n := srv.MaxInFlight(); n != 1 {
		t.Errorf("%d requests in flight at once, want 1", n)
	}
	checkPaced(t, srv.Requests(), 5*time.Second)
	if n := len(srv.Requests()); n != 4 {
		t.Errorf("%d requests, want 4", n)
	}
}

// blockingSleep waits until ctx ends, telling waiting when it starts.
func blockingSleep(waiting chan<- time.Duration) func(context.Context, time.Duration) error {
	return func(ctx context.Context, d time.Duration) error {
		waiting <- d
		<-ctx.Done()
		return ctx.Err()
	}
}

func TestCancelWhileWaiting(t *testing.T) {
	tests := []struct {
		name   string
		before int // successful fetches before the one cancelled
		h      http.HandlerFunc
	}{
		{"retry wait", 0, failFirst(t, 1, status(http.StatusServiceUnavailable, "7"))},
		{"pacing wait", 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			clock := newFakeClock()
			h := tt.h
			if h == nil {
				h = replayAPI(t)
			}
			srv := newServer(t, clock, h)
			c := srv.client(arxiv.Config{})
			for range tt.before {
				if _, err := fetchOne(c); err != nil {
					t.Fatal(err)
				}
			}
			waiting := make(chan time.Duration, 1)
			arxiv.SetClock(c, clock.Now, blockingSleep(waiting))
			ctx, cancel := context.WithCancel(context.Background())
			go func() { <-waiting; cancel() }()
			_, err := c.Fetch(ctx, []string{"1707.08567"}, collect(new([]string)))
			if !errors.Is(err, context.Canceled) {
				t.Errorf("err = %v, want context.Canceled", err)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

// TestCancelWhileQueued: a caller waiting for another's request to finish
// gives up when its context ends.
func TestCancelWhileQueued(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	srv := newServer(t, newFakeClock(), func(w http.ResponseWriter, r *http.Request) {
		close(entered)
		<-release
		replayAPI(t)(w, r)
	})
	c := srv.client(arxiv.Config{})
	done := make(chan error)
	go func() { _, err := fetchOne(c); done <- err }()
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := c.Fetch(ctx, []string{"1605.08386"}, source.Handler{Record: func(source.Record) error { return nil }})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("queued caller: err = %v, want context.Canceled", err)
	}
	close(release)
	if err := <-done; err != nil {
		t.Errorf("first caller: %v", err)
	}
}

func TestDefaults(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayAPI(t))
	c := srv.client(arxiv.Config{})
	if _, err := fetchOne(c); err != nil {
		t.Fatal(err)
	}
	want := "dailypapers/dev (+https://github.com/dailypapers/dailypapers; self-hosted)"
	if ua := srv.Requests()[0].UserAgent; ua != want {
		t.Errorf("User-Agent %q, want %q", ua, want)
	}
	tr, ok := arxiv.Transport(c).(*http.Transport)
	if !ok || tr.MaxConnsPerHost != 1 || tr.MaxIdleConnsPerHost != 1 {
		t.Errorf("default transport %+v, want one connection per host", tr)
	}

	custom := srv.client(arxiv.Config{UserAgent: "test-agent/1"})
	if _, err := fetchOne(custom); err != nil {
		t.Fatal(err)
	}
	if ua := srv.Requests()[1].UserAgent; ua != "test-agent/1" {
		t.Errorf("User-Agent %q, want the configured one", ua)
	}
}

// TestSleepContext checks the real sleep without sleeping.
func TestSleepContext(t *testing.T) {
	if err := arxiv.SleepContext(context.Background(), 0); err != nil {
		t.Errorf("zero sleep: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := arxiv.SleepContext(ctx, time.Hour); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled sleep: %v", err)
	}
}
