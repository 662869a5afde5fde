package community_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// fakeArxiv replays the arXiv API: the recorded answer for 2104.12255 while
// it is known, the recorded empty feed for any other id. While stalled it
// answers nothing until released or the client gives up.
type fakeArxiv struct {
	mu      sync.Mutex
	unknown bool          // 2104.12255 is not on arXiv (yet)
	stall   chan struct{} // non-nil: requests wait for it to close
	calls   []string
}

func (f *fakeArxiv) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query().Get("id_list")
	f.mu.Lock()
	f.calls = append(f.calls, ids)
	stall, unknown := f.stall, f.unknown
	f.mu.Unlock()
	if stall != nil {
		select {
		case <-stall:
		case <-r.Context().Done():
			return
		}
	}
	name := "id_0000.0000_s0_m100_8b51d9633a68.xml"
	if strings.Contains(ids, "2104.12255") && !unknown {
		name = "id_2104.12255v1_s0_m100_6ae69987ffe1.xml"
	}
	body, err := os.ReadFile(filepath.Join("..", "..", "testdata", "arxiv-api", "arxivpy-golden-2026", name))
	if err != nil {
		http.Error(w, err.Error(), 500)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml")
	w.Write(body)
}

func (f *fakeArxiv) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.calls)
}

// fetchBench is a database, a fake arXiv and the clock of 27 April 2021, the
// day after 2104.12255 appeared.
type fetchBench struct {
	dsn   string
	arxiv *fakeArxiv
	url   string
	now   time.Time
	st    *store.Store
}

func newFetchBench(t *testing.T, dsn string) *fetchBench {
	t.Helper()
	b := &fetchBench{dsn: dsn, arxiv: &fakeArxiv{}, now: time.Date(2021, 4, 27, 14, 0, 0, 0, time.UTC)}
	srv := httptest.NewServer(b.arxiv)
	t.Cleanup(srv.Close)
	b.url = srv.URL
	b.st = b.open(t)
	return b
}

func (b *fetchBench) open(t *testing.T) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), b.dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// service is a server's community on st, its fetches worked through until
// the test ends or stop is called.
func (b *fetchBench) service(t *testing.T, st *store.Store) (comm *community.Service, stop func()) {
	t.Helper()
	log := slog.New(slog.DiscardHandler)
	client := arxiv.New(arxiv.Config{APIURL: b.url + "/api/query", MinInterval: time.Millisecond, MaxRetries: -1, Logger: log})
	generous := ratelimit.Rule{Burst: 1000, Per: time.Hour}
	comm = community.New(st, nil, community.ArxivFetcher{Client: client, Store: st, Log: log}, community.Options{
		Now: func() time.Time { return b.now }, SubmitWait: 300 * time.Millisecond,
		Limits: community.Limits{SigninPerAddress: generous, SigninPerIP: generous, Submissions: generous, Comments: generous, Votes: generous}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); comm.RunFetches(ctx) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return comm, stop
}

func (b *fetchBench) account(t *testing.T, name, role string) store.Account {
	t.Helper()
	a, err := b.st.CreateAccount(context.Background(), store.Account{Name: name, Email: name + "@example.org", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// waitFetch waits for the fetch of id to reach state.
func waitFetch(t *testing.T, st *store.Store, id, state string) store.Fetch {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		f, err := st.PaperFetch(context.Background(), id)
		if err == nil && f.State == state {
			return f
		}
		if time.Now().After(deadline) {
			t.Fatalf("fetch of %s: %+v, %v; want state %s", id, f, err, state)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestSubmitStalledArxiv: with arXiv answering nothing, a submission of a
// paper new here is answered at once, "being fetched"; when arXiv answers,
// the paper goes on the day's feed for its submitter.
func TestSubmitStalledArxiv(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		b := newFetchBench(t, dsn)
		stall := make(chan struct{})
		b.arxiv.stall = stall
		comm, _ := b.service(t, b.st)
		ada := b.account(t, "ada", store.RoleUser)

		start := time.Now()
		res, err := comm.Submit(ctx, ada, "https://arxiv.org/abs/2104.12255v1", "")
		if took := time.Since(start); took > 2*time.Second {
			t.Errorf("the submission took %v while arXiv stalled", took)
		}
		if err != nil || !res.Pending || res.PaperID != "2104.12255" || res.Day != "2021-04-27" {
			t.Fatalf("Submit while arXiv stalls = %+v, %v; want pending", res, err)
		}
		if f := waitFetch(t, b.st, "2104.12255", store.FetchFetching); f.Submitter != ada.ID {
			t.Errorf("fetch = %+v", f)
		}
		close(stall)
		waitFetch(t, b.st, "2104.12255", store.FetchDone)
		de, err := b.st.Entry(ctx, "2104.12255")
		if err != nil || de.Entry.Day != "2021-04-27" || de.Entry.Submitter != "ada" {
			t.Errorf("entry after the fetch = %+v, %v", de.Entry, err)
		}

		// Submitted again, it is answered with its day.
		res, err = comm.Submit(ctx, ada, "2104.12255", "")
		var rule *community.RuleError
		if !errors.As(err, &rule) || rule.Rule != "already-submitted" || rule.Day != "2021-04-27" {
			t.Errorf("second submission = %+v, %v; want already-submitted on 2021-04-27", res, err)
		}
	})
}

// TestSubmitFetchFailure: an id arXiv does not know fails, is answered from
// memory for an hour, and is retried by its submitter or a curator, not by
// others; a retry once arXiv has the paper puts it on the feed.
func TestSubmitFetchFailure(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		b := newFetchBench(t, dsn)
		b.arxiv.unknown = true
		comm, _ := b.service(t, b.st)
		ada, bob := b.account(t, "ada", store.RoleUser), b.account(t, "bob", store.RoleUser)
		cleo := b.account(t, "cleo", store.RoleCurator)

		_, err := comm.Submit(ctx, ada, "2104.12255", "")
		if !errors.Is(err, paper.ErrNotFound) || err.Error() != "arXiv has no paper 2104.12255" {
			t.Fatalf("Submit of an id arXiv lacks = %v", err)
		}
		f := waitFetch(t, b.st, "2104.12255", store.FetchFailed)
		if f.Error != "arXiv has no paper 2104.12255" || !comm.MayRetry(ada, f) || comm.MayRetry(bob, f) || !comm.MayRetry(cleo, f) {
			t.Errorf("failed fetch %+v; retry: ada %v, bob %v, cleo %v", f, comm.MayRetry(ada, f), comm.MayRetry(bob, f), comm.MayRetry(cleo, f))
		}
		n := len(b.arxiv.asked())
		if _, err := comm.Submit(ctx, bob, "2104.12255", ""); !errors.Is(err, paper.ErrNotFound) || len(b.arxiv.asked()) != n {
			t.Errorf("submitted again within the hour: %v, arXiv asked %d times (was %d)", err, len(b.arxiv.asked()), n)
		}
		if err := comm.RetryFetch(ctx, bob, "2104.12255"); !errors.Is(err, paper.ErrForbidden) {
			t.Errorf("bob retries ada's fetch: %v, want forbidden", err)
		}
		b.arxiv.mu.Lock()
		b.arxiv.unknown = false
		b.arxiv.mu.Unlock()
		if err := comm.RetryFetch(ctx, ada, "2104.12255"); err != nil {
			t.Fatalf("ada retries: %v", err)
		}
		waitFetch(t, b.st, "2104.12255", store.FetchDone)
		if de, err := b.st.Entry(ctx, "2104.12255"); err != nil || de.Entry.Submitter != "ada" {
			t.Errorf("entry after the retry: %+v, %v", de.Entry, err)
		}
		if err := comm.RetryFetch(ctx, cleo, "2104.12255"); !errors.Is(err, paper.ErrConflict) {
			t.Errorf("retry of a done fetch: %v, want conflict", err)
		}
	})
}

// TestSubmitFetchResumes: a fetch under way when its server stops is given
// back and finished by the next server on the database.
func TestSubmitFetchResumes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		b := newFetchBench(t, dsn)
		stall := make(chan struct{})
		b.arxiv.stall = stall
		comm, stop := b.service(t, b.st)
		ada := b.account(t, "ada", store.RoleUser)
		if res, err := comm.Submit(ctx, ada, "2104.12255", ""); err != nil || !res.Pending {
			t.Fatalf("Submit = %+v, %v", res, err)
		}
		for len(b.arxiv.asked()) == 0 {
			time.Sleep(10 * time.Millisecond)
		}
		stop() // the server stops while arXiv stalls
		if f := waitFetch(t, b.st, "2104.12255", store.FetchFetching); f.Attempts != 1 {
			t.Errorf("after the stop: %+v", f)
		}
		close(stall)
		b.service(t, b.open(t)) // the next server
		waitFetch(t, b.st, "2104.12255", store.FetchDone)
		if _, err := b.st.Entry(ctx, "2104.12255"); err != nil {
			t.Errorf("entry after the restart: %v", err)
		}
	})
}

// TestSubmitRefusals: a paper too old by its id is refused before arXiv is
// asked (0901.1234: January 2009); a paper on the feed already is answered
// with its day, however old; a person has at most two fetches in flight.
func TestSubmitRefusals(t *testing.T) {
	ctx := context.Background()
	b := newFetchBench(t, storetest.DSN(t, "sqlite"))
	stall := make(chan struct{})
	b.arxiv.stall = stall
	defer close(stall)
	comm, _ := b.service(t, b.st)
	ada := b.account(t, "ada", store.RoleUser)
	cleo := b.account(t, "cleo", store.RoleCurator)

	for _, id := range []string{"0901.1234", "hep-th/9901001", "2103.00001"} {
		_, err := comm.Submit(ctx, ada, id, "")
		var rule *community.RuleError
		if !errors.As(err, &rule) || rule.Rule != "age" || !strings.Contains(err.Error(), "at most 14 days old") {
			t.Errorf("Submit(%s) = %v, want the age rule", id, err)
		}
	}
	if n := len(b.arxiv.asked()); n != 0 {
		t.Errorf("arXiv was asked %d times for papers too old by their id", n)
	}
	if err := comm.CheckNew(ada, "2104.00001"); err != nil {
		t.Errorf("CheckNew of this month's id: %v", err)
	}
	if err := comm.CheckNew(cleo, "0901.1234"); err != nil {
		t.Errorf("curators are exempt: %v", err)
	}

	// An old paper on the feed already: its day, not "too old".
	storetest.ImportFile(t, b.st, storetest.HFDay("2024-06-13"), importer.Options{FeedDay: "2024-06-13"})
	featured, err := b.st.Entries(ctx, store.ListQuery{From: "2024-06-13", To: "2024-06-13", Limit: 1})
	if err != nil || len(featured) == 0 {
		t.Fatalf("the imported day: %v", err)
	}
	_, err = comm.Submit(ctx, ada, featured[0].Paper.ID, "")
	var rule *community.RuleError
	if !errors.As(err, &rule) || rule.Rule != "already-submitted" || rule.Day != "2024-06-13" {
		t.Errorf("Submit of a featured old paper = %v, want already-submitted on 2024-06-13", err)
	}

	// Two in flight, the third refused.
	for _, id := range []string{"2104.00001", "2104.00002"} {
		if res, err := comm.Submit(ctx, ada, id, ""); err != nil || !res.Pending {
			t.Fatalf("Submit(%s) = %+v, %v", id, res, err)
		}
	}
	if _, err := comm.Submit(ctx, ada, "2104.00003", ""); !errors.Is(err, paper.ErrTooMany) {
		t.Errorf("third fetch in flight: %v, want too many", err)
	}
}

// TestSubmitArxivDown: a fetch arXiv does not answer is tried three times,
// further apart each time, then fails saying so (429, try again later); a
// retry starts again.
func TestSubmitArxivDown(t *testing.T) {
	ctx := context.Background()
	var mu sync.Mutex
	calls := 0
	down := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		calls++
		mu.Unlock()
		http.Error(w, "down for maintenance", http.StatusServiceUnavailable)
	}))
	t.Cleanup(down.Close)
	st, err := store.Open(ctx, storetest.DSN(t, "sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	log := slog.New(slog.DiscardHandler)
	client := arxiv.New(arxiv.Config{APIURL: down.URL + "/api/query", MinInterval: time.Millisecond, MaxRetries: -1, Logger: log})
	comm := community.New(st, nil, community.ArxivFetcher{Client: client, Store: st, Log: log}, community.Options{
		Now: func() time.Time { return time.Date(2021, 4, 27, 14, 0, 0, 0, time.UTC) }, FetchRetry: 50 * time.Millisecond})
	ada, err := st.CreateAccount(ctx, store.Account{Name: "ada", Email: "ada@example.org"})
	if err != nil {
		t.Fatal(err)
	}
	// The three tries end within the submission's wait: it says so, and
	// when to try again, never as a server error.
	_, err = comm.Submit(ctx, ada, "2104.12255", "")
	var throttled *paper.Throttled
	if !errors.As(err, &throttled) || throttled.After != time.Minute || err.Error() != "arXiv did not answer (3 tries); retry in a few minutes" {
		t.Fatalf("Submit while arXiv is down = %v; want 'retry in a few minutes'", err)
	}
	f := waitFetch(t, st, "2104.12255", store.FetchFailed)
	mu.Lock()
	n := calls
	mu.Unlock()
	if f.Attempts != 3 || n != 3 || f.Error != "arXiv did not answer (3 tries); retry in a few minutes" {
		t.Errorf("after arXiv stayed down: %+v, arXiv asked %d times", f, n)
	}
	if err := comm.RetryFetch(ctx, ada, "2104.12255"); err != nil {
		t.Fatal(err)
	}
	if f := waitFetch(t, st, "2104.12255", store.FetchFailed); f.Attempts != 3 {
		t.Errorf("after the retry: %+v", f)
	}
}
