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
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// gatedArxiv replays the arXiv API (the recorded answer for 2104.12255, the
// recorded empty feed for any other id) and holds its first request until
// release is closed, so that submissions queue behind it.
type gatedArxiv struct {
	arrived chan struct{} // closed when the first request came
	release chan struct{}
	once    sync.Once

	mu    sync.Mutex
	calls []string
}

func (g *gatedArxiv) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ids := r.URL.Query().Get("id_list")
	g.mu.Lock()
	g.calls = append(g.calls, ids)
	g.mu.Unlock()
	g.once.Do(func() {
		close(g.arrived)
		<-g.release
	})
	name := "id_0000.0000_s0_m100_8b51d9633a68.xml"
	if strings.Contains(ids, "2104.12255") {
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

func (g *gatedArxiv) asked() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return slices.Clone(g.calls)
}

// TestFetchQueue: a person has at most two fetches from arXiv waiting or
// running (more are 429 at once); people take turns, so someone who came
// later is served before the second fetch of someone already served; an id
// arXiv does not know is answered from memory for an hour.
func TestFetchQueue(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(t, "sqlite"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	g := &gatedArxiv{arrived: make(chan struct{}), release: make(chan struct{})}
	srv := httptest.NewServer(g)
	t.Cleanup(srv.Close)
	t.Cleanup(func() {
		select {
		case <-g.release:
		default:
			close(g.release)
		}
	})
	log := slog.New(slog.DiscardHandler)
	client := arxiv.New(arxiv.Config{APIURL: srv.URL + "/api/query", MinInterval: time.Millisecond, Logger: log})
	var mu sync.Mutex
	now := time.Date(2021, 4, 27, 14, 0, 0, 0, time.UTC)
	clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	generous := ratelimit.Rule{Burst: 1000, Per: time.Hour}
	comm := community.New(st, nil, community.ArxivFetcher{Client: client, Store: st, Log: log}, community.Options{Now: clock,
		Limits: community.Limits{SigninPerAddress: generous, SigninPerIP: generous, Submissions: generous, Comments: generous, Votes: generous}})
	account := func(name string) store.Account {
		a, err := st.CreateAccount(ctx, store.Account{Name: name, Email: name + "@example.org", Role: store.RoleUser})
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	ada, bob := account("ada"), account("bob")

	type result struct {
		id  string
		err error
	}
	results := make(chan result, 10)
	submit := func(a store.Account, id string) {
		go func() {
			_, err := comm.Submit(ctx, a, id, "")
			results <- result{id, err}
		}()
	}
	// waitRefused waits for one submission refused as too many, and fails
	// on any other outcome.
	waitRefused := func(who string) string {
		t.Helper()
		select {
		case r := <-results:
			if !errors.Is(r.err, paper.ErrTooMany) {
				t.Fatalf("%s's submission of %s ended with %v, want a refusal: too many waiting", who, r.id, r.err)
			}
			return r.id
		case <-time.After(20 * time.Second):
			t.Fatalf("none of %s's three submissions was refused: all wait for arXiv", who)
		}
		return ""
	}

	submit(ada, "2104.00001")
	<-g.arrived // ada's first fetch is running, held by arXiv
	submit(ada, "2104.00002")
	submit(ada, "2104.00003")
	adaRefused := waitRefused("ada")
	adaQueued := map[string]string{"2104.00002": "2104.00003", "2104.00003": "2104.00002"}[adaRefused]
	submit(bob, "2104.00004")
	submit(bob, "2104.12255")
	submit(bob, "2104.00006")
	waitRefused("bob")
	close(g.release)
	for range 4 {
		r := <-results
		if want := r.id != "2104.12255"; errors.Is(r.err, paper.ErrNotFound) != want {
			t.Errorf("submission of %s: %v", r.id, r.err)
		}
	}
	calls := g.asked()
	bobs := func(id string) bool { return id == "2104.00004" || id == "2104.12255" || id == "2104.00006" }
	if len(calls) != 4 || calls[0] != "2104.00001" || !bobs(calls[1]) || calls[2] != adaQueued || !bobs(calls[3]) {
		t.Errorf("arXiv was asked for %v; want ada's first, one of bob's, ada's second, bob's other", calls)
	}

	// Asked again, an id arXiv does not know is answered without arXiv.
	if _, err := comm.Submit(ctx, ada, "2104.00001", ""); !errors.Is(err, paper.ErrNotFound) || !strings.Contains(err.Error(), "arXiv has no paper") {
		t.Errorf("resubmitted unknown id: %v", err)
	}
	if n := len(g.asked()); n != 4 {
		t.Errorf("a known-unknown id asked arXiv again (%d requests)", n)
	}
	mu.Lock()
	now = now.Add(61 * time.Minute)
	mu.Unlock()
	if _, err := comm.Submit(ctx, ada, "2104.00001", ""); !errors.Is(err, paper.ErrNotFound) {
		t.Errorf("unknown id an hour later: %v", err)
	}
	if n := len(g.asked()); n != 5 {
		t.Errorf("an hour later, arXiv was not asked again (%d requests)", n)
	}
}
