package arxiv_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
)

// Recorded arXiv responses; see testdata/SOURCES.md.
const (
	apiDir = "../../testdata/arxiv-api/arxivpy-golden-2026"
	oaiDir = "../../testdata/oai"
)

// fakeClock is the client's clock in tests: sleeping moves it forward at
// once and is remembered.
type fakeClock struct {
	mu     sync.Mutex
	t      time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 4, 12, 22, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.t
}

func (f *fakeClock) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.t = f.t.Add(d)
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	f.t = f.t.Add(d)
	return nil
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// seen is one request as the server saw it.
type seen struct {
	Path      string
	Query     url.Values
	UserAgent string
	At        time.Time // on the client's fake clock
}

// server is an httptest server in front of a replay handler. It records
// every request and how many were in flight at once.
type server struct {
	*httptest.Server
	clock *fakeClock

	mu          sync.Mutex
	reqs        []seen
	inFlight    int
	maxInFlight int
}

func newServer(t *testing.T, clock *fakeClock, h http.HandlerFunc) *server {
	t.Helper()
	s := &server{clock: clock}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.enter(r)
		defer s.leave()
		h(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) enter(r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight++
	s.maxInFlight = max(s.maxInFlight, s.inFlight)
	s.reqs = append(s.reqs, seen{r.URL.Path, r.URL.Query(), r.UserAgent(), s.clock.Now()})
}

func (s *server) leave() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inFlight--
}

func (s *server) Requests() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.reqs...)
}

func (s *server) MaxInFlight() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.maxInFlight
}

// client returns a client of s on the fake clock, with the default
// one-connection HTTP client.
func (s *server) client(cfg arxiv.Config) *arxiv.Client {
	cfg.APIURL = s.URL + "/api/query"
	cfg.OAIURL = s.URL + "/oai2"
	c := arxiv.New(cfg)
	arxiv.SetClock(c, s.clock.Now, s.clock.Sleep)
	return c
}

// serveFile answers with a recorded response.
func serveFile(t *testing.T, w http.ResponseWriter, status int, path string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Errorf("replay: %v", err)
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// apiFile finds the recording of an id_list request: id_list=a,b is kept
// as id_a_b_s0_m100_<hash>.xml, with "/" written "_".
func apiFile(t *testing.T, idList string) string {
	t.Helper()
	name := "id_" + strings.NewReplacer("/", "_", ",", "_").Replace(idList) + "_s0_m100_*.xml"
	m, err := filepath.Glob(filepath.Join(apiDir, name))
	if err != nil || len(m) != 1 {
		t.Errorf("no single recording for id_list=%s: %v %v", idList, m, err)
		return ""
	}
	return m[0]
}
