package arxiv_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// The recorded pages of one harvest of set cs on 2016-03-09.
const (
	csPage1   = oaiDir + "/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml"
	csPage2   = oaiDir + "/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page002-resumed.xml"
	csPage103 = oaiDir + "/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page103-last-empty-token.xml"
	token1    = "1122234|1001" // in page 1
	token2    = "1122234|2001" // in page 2; the test serves page 103 for it

	errBadToken  = oaiDir + "/errors/error-badResumptionToken.xml"
	errNoRecords = oaiDir + "/errors/error-noRecordsMatch-bad-set.xml"
	errBadArg    = oaiDir + "/errors/error-badArgument.xml"
)

// reply is one scripted answer.
type reply struct {
	file       string
	status     int    // default 200
	retryAfter string // Retry-After header
}

// replayOAI answers ListRecords requests from a script keyed by resumption
// token, "" standing for the first request. A key's replies are used in
// turn, the last one for good.
func replayOAI(t *testing.T, script map[string][]reply) http.HandlerFunc {
	var mu sync.Mutex
	return func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		tok := q.Get("resumptionToken")
		if q.Get("verb") != "ListRecords" || r.URL.Path != "/oai2" {
			t.Errorf("unexpected request %s", r.URL)
		}
		if tok != "" && len(q) != 2 {
			t.Errorf("request by token has other arguments: %v", q)
		}
		mu.Lock()
		replies := script[tok]
		if len(replies) > 1 {
			script[tok] = replies[1:]
		}
		mu.Unlock()
		if len(replies) == 0 {
			t.Errorf("no reply scripted for token %q", tok)
			http.NotFound(w, r)
			return
		}
		rp := replies[0]
		if rp.retryAfter != "" {
			w.Header().Set("Retry-After", rp.retryAfter)
		}
		if rp.file == "" {
			w.WriteHeader(rp.status)
			return
		}
		if rp.status == 0 {
			rp.status = http.StatusOK
		}
		serveFile(t, w, rp.status, rp.file)
	}
}

// csScript is the whole cs harvest: three pages.
func csScript() map[string][]reply {
	return map[string][]reply{
		"":     {{file: csPage1}},
		token1: {{file: csPage2}},
		token2: {{file: csPage103}},
	}
}

// recordingSink stores nothing but counts each page and logs it.
func recordingSink(events *[]string, sizes *[]int) func(context.Context, []source.Record) error {
	return func(_ context.Context, recs []source.Record) error {
		for _, r := range recs {
			if r.Paper.ID == "" {
				return errors.New("record without an id")
			}
		}
		*sizes = append(*sizes, len(recs))
		*events = append(*events, fmt.Sprintf("sink %d", len(recs)))
		return nil
	}
}

var ignoreUpdated = cmpopts.IgnoreFields(arxiv.Checkpoint{}, "UpdatedAt")

func csCheckpoint(token, from, nextFrom, listStarted string, pages, records int) arxiv.Checkpoint {
	return arxiv.Checkpoint{Key: "cs/arXiv", Set: "cs", MetadataPrefix: "arXiv", From: from,
		ResumptionToken: token, NextFrom: nextFrom, ListStarted: listStarted, Pages: pages, Records: records}
}

// params keeps what a test checks of a request's query.
func params(reqs []seen) []url.Values {
	out := make([]url.Values, len(reqs))
	for i, r := range reqs {
		out[i] = r.Query
	}
	return out
}

func firstRequest(from string) url.Values {
	q := url.Values{"verb": {"ListRecords"}, "metadataPrefix": {"arXiv"}, "set": {"cs"}}
	if from != "" {
		q.Set("from", from)
	}
	return q
}

func byToken(tok string) url.Values {
	return url.Values{"verb": {"ListRecords"}, "resumptionToken": {tok}}
}

func TestHarvest(t *testing.T) {
	clock := newFakeClock()
	srv := newServer(t, clock, replayOAI(t, csScript()))
	var events []string
	var sizes []int
	store := newMemStore(&events)
	c := srv.client(arxiv.Config{Version: "1.2.3", Contact: "mailto:ops@example.org"})

	res, err := c.Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"}, store, recordingSink(&events, &sizes))
	if err != nil {
		t.Fatalf("Harvest: %v", err)
	}
	want := arxiv.HarvestResult{Pages: 3, Records: 2538, NextFrom: "2016-03-09"}
	if diff := cmp.Diff(want, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{1000, 1000, 538}, sizes); diff != "" {
		t.Errorf("page sizes (-want +got):\n%s", diff)
	}
	wantSaves := []arxiv.Checkpoint{
		// NextFrom moves only when the list is complete.
		csCheckpoint(token1, "", "", "2016-03-09", 1, 1000),
		csCheckpoint(token2, "", "", "2016-03-09", 2, 2000),
		csCheckpoint("", "", "2016-03-09", "2016-03-09", 3, 2538),
	}
	if diff := cmp.Diff(wantSaves, store.Saves(), ignoreUpdated); diff != "" {
		t.Errorf("checkpoints (-want +got):\n%s", diff)
	}
	for _, cp := range store.Saves() {
		if cp.UpdatedAt.IsZero() {
			t.Errorf("checkpoint %q saved without UpdatedAt", cp.ResumptionToken)
		}
	}
	wantEvents := []string{"sink 1000", `save "1122234|1001"`, "sink 1000", `save "1122234|2001"`, "sink 538", `save ""`}
	if diff := cmp.Diff(wantEvents, events); diff != "" {
		t.Errorf("sink and save order (-want +got):\n%s", diff)
	}
	reqs := srv.Requests()
	wantParams := []url.Values{firstRequest(""), byToken(token1), byToken(token2)}
	if diff := cmp.Diff(wantParams, params(reqs)); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
	for _, r := range reqs {
		if want := "dailypapers/1.2.3 (+https://github.com/dailypapers/dailypapers; mailto:ops@example.org)"; r.UserAgent != want {
			t.Errorf("User-Agent %q, want %q", r.UserAgent, want)
		}
	}
	if n := srv.MaxInFlight(); n != 1 {
		t.Errorf("%d requests in flight at once, want 1", n)
	}
}

// TestHarvestResume interrupts a harvest by failing to store page 2, and
// checks that the next run goes on from page 2 rather than from scratch.
func TestHarvestResume(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayOAI(t, csScript()))
	store := newMemStore(nil)
	c := srv.client(arxiv.Config{})
	req := arxiv.HarvestRequest{Set: "cs"}

	diskFull := errors.New("disk full")
	pages := 0
	_, err := c.Harvest(context.Background(), req, store, func(context.Context, []source.Record) error {
		if pages++; pages == 2 {
			return diskFull
		}
		return nil
	})
	if !errors.Is(err, diskFull) {
		t.Fatalf("first run: err = %v, want the sink's error", err)
	}
	after1 := []arxiv.Checkpoint{csCheckpoint(token1, "", "", "2016-03-09", 1, 1000)}
	if diff := cmp.Diff(after1, store.Saves(), ignoreUpdated); diff != "" {
		t.Fatalf("checkpoints after the failure (-want +got):\n%s", diff)
	}

	var events []string
	var sizes []int
	res, err := c.Harvest(context.Background(), req, store, recordingSink(&events, &sizes))
	if err != nil {
		t.Fatalf("second run: %v", err)
	}
	if diff := cmp.Diff(arxiv.HarvestResult{Pages: 2, Records: 1538, NextFrom: "2016-03-09"}, res); diff != "" {
		t.Errorf("second run result (-want +got):\n%s", diff)
	}
	saves := store.Saves()
	if diff := cmp.Diff(csCheckpoint("", "", "2016-03-09", "2016-03-09", 3, 2538), saves[len(saves)-1], ignoreUpdated); diff != "" {
		t.Errorf("final checkpoint (-want +got):\n%s", diff)
	}
	reqs := srv.Requests()
	wantParams := []url.Values{firstRequest(""), byToken(token1), byToken(token1), byToken(token2)}
	if diff := cmp.Diff(wantParams, params(reqs)); diff != "" {
		t.Errorf("requests (-want +got):\n%s", diff)
	}
}

func TestHarvestFrom(t *testing.T) {
	tests := []struct {
		name     string
		saved    *arxiv.Checkpoint
		req      arxiv.HarvestRequest
		wantFrom string
	}{
		{"first harvest", nil, arxiv.HarvestRequest{Set: "cs"}, ""},
		{"first harvest with from", nil, arxiv.HarvestRequest{Set: "cs", From: "2016-03-01"}, "2016-03-01"},
		{"incremental", ptr(csCheckpoint("", "", "2016-02-01", "", 5, 4000)), arxiv.HarvestRequest{Set: "cs"}, "2016-02-01"},
		{"from overrides", ptr(csCheckpoint("", "", "2016-02-01", "", 5, 4000)),
			arxiv.HarvestRequest{Set: "cs", From: "2016-01-01"}, "2016-01-01"},
		{"interrupted harvest of other bounds is dropped", ptr(csCheckpoint("9|1001", "", "2016-02-01", "2016-02-20", 1, 1000)),
			arxiv.HarvestRequest{Set: "cs", From: "2016-01-01"}, "2016-01-01"},
		{"interrupted harvest of other bounds restarts from its From",
			ptr(arxiv.Checkpoint{Key: "cs/arXiv", ResumptionToken: "9|1001", From: "2016-01-15", Until: "2016-02-01", NextFrom: "2016-02-20"}),
			arxiv.HarvestRequest{Set: "cs"}, "2016-01-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, newFakeClock(), replayOAI(t, csScript()))
			store := newMemStore(nil)
			if tt.saved != nil {
				_ = store.SaveCheckpoint(context.Background(), *tt.saved)
			}
			_, err := srv.client(arxiv.Config{}).Harvest(context.Background(), tt.req, store, recordingSink(new([]string), new([]int)))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(firstRequest(tt.wantFrom), srv.Requests()[0].Query); diff != "" {
				t.Errorf("first request (-want +got):\n%s", diff)
			}
			final := store.Saves()[len(store.Saves())-1]
			if final.From != tt.wantFrom || final.ResumptionToken != "" || final.NextFrom != "2016-03-09" {
				t.Errorf("final checkpoint %+v", final)
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestHarvestNoRecordsMatch: nothing new since the last harvest is an
// empty result, and NextFrom still moves to the day of the response.
func TestHarvestNoRecordsMatch(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayOAI(t, map[string][]reply{"": {{file: errNoRecords}}}))
	store := newMemStore(nil)
	_ = store.SaveCheckpoint(context.Background(), csCheckpoint("", "2014-01-01", "2015-06-01", "2015-06-01", 7, 6500))
	calls := 0
	res, err := srv.client(arxiv.Config{}).Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"}, store,
		func(context.Context, []source.Record) error { calls++; return nil })
	if err != nil {
		t.Fatalf("Harvest: %v", err)
	}
	// 2015-06-23 is the recorded response's responseDate.
	if diff := cmp.Diff(arxiv.HarvestResult{NextFrom: "2015-06-23"}, res); diff != "" {
		t.Errorf("result (-want +got):\n%s", diff)
	}
	if calls != 0 {
		t.Errorf("sink called %d times", calls)
	}
	saves := store.Saves()
	want := csCheckpoint("", "2015-06-01", "2015-06-23", "2015-06-23", 0, 0)
	if diff := cmp.Diff(want, saves[len(saves)-1], ignoreUpdated); diff != "" {
		t.Errorf("checkpoint (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(firstRequest("2015-06-01"), srv.Requests()[0].Query); diff != "" {
		t.Errorf("request (-want +got):\n%s", diff)
	}
}

// TestHarvestBadResumptionToken: a refused token restarts the interrupted
// harvest from its From, once.
func TestHarvestBadResumptionToken(t *testing.T) {
	interrupted := csCheckpoint("3", "2016-03-09", "2016-03-09", "2016-03-10", 40, 40000)
	t.Run("restart", func(t *testing.T) {
		script := csScript()
		script["3"] = []reply{{file: errBadToken}}
		srv := newServer(t, newFakeClock(), replayOAI(t, script))
		store := newMemStore(nil)
		_ = store.SaveCheckpoint(context.Background(), interrupted)
		res, err := srv.client(arxiv.Config{}).Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"}, store,
			recordingSink(new([]string), new([]int)))
		if err != nil {
			t.Fatalf("Harvest: %v", err)
		}
		want := arxiv.HarvestResult{Pages: 3, Records: 2538, Restarted: true, NextFrom: "2016-03-09"}
		if diff := cmp.Diff(want, res); diff != "" {
			t.Errorf("result (-want +got):\n%s", diff)
		}
		wantParams := []url.Values{byToken("3"), firstRequest("2016-03-09"), byToken(token1), byToken(token2)}
		if diff := cmp.Diff(wantParams, params(srv.Requests())); diff != "" {
			t.Errorf("requests (-want +got):\n%s", diff)
		}
		saves := store.Saves()
		if diff := cmp.Diff(csCheckpoint("", "2016-03-09", "2016-03-09", "2016-03-09", 3, 2538), saves[len(saves)-1], ignoreUpdated); diff != "" {
			t.Errorf("final checkpoint (-want +got):\n%s", diff)
		}
	})
	t.Run("twice", func(t *testing.T) {
		script := csScript()
		script["3"] = []reply{{file: errBadToken}}
		script[token1] = []reply{{file: errBadToken}}
		srv := newServer(t, newFakeClock(), replayOAI(t, script))
		store := newMemStore(nil)
		_ = store.SaveCheckpoint(context.Background(), interrupted)
		res, err := srv.client(arxiv.Config{}).Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"}, store,
			recordingSink(new([]string), new([]int)))
		var oaiErr *source.OAIError
		if !errors.As(err, &oaiErr) || oaiErr.Code != source.OAIBadResumptionToken {
			t.Fatalf("err = %v, want badResumptionToken", err)
		}
		if !res.Restarted || res.Pages != 1 {
			t.Errorf("result %+v, want restarted after 1 page", res)
		}
		if n := len(srv.Requests()); n != 3 {
			t.Errorf("%d requests, want 3", n)
		}
	})
}

// TestHarvestOAIError: other OAI-PMH errors end the harvest and say what
// arXiv said, whether they come with HTTP 200 (as OAI-PMH wants) or 400.
func TestHarvestOAIError(t *testing.T) {
	for _, code := range []int{http.StatusOK, http.StatusBadRequest} {
		t.Run(http.StatusText(code), func(t *testing.T) {
			srv := newServer(t, newFakeClock(), replayOAI(t, map[string][]reply{"": {{file: errBadArg, status: code}}}))
			store := newMemStore(nil)
			_, err := srv.client(arxiv.Config{}).Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"}, store,
				recordingSink(new([]string), new([]int)))
			var oaiErr *source.OAIError
			if !errors.As(err, &oaiErr) || oaiErr.Code != "badArgument" {
				t.Fatalf("err = %v, want badArgument", err)
			}
			for _, s := range []string{"badArgument", "illegal argument 'identifier'", "cs/arXiv"} {
				if !strings.Contains(err.Error(), s) {
					t.Errorf("error %q does not say %q", err, s)
				}
			}
			if n := len(store.Saves()); n != 0 {
				t.Errorf("%d checkpoints saved after an error", n)
			}
			if n := len(srv.Requests()); n != 1 {
				t.Errorf("%d requests, want 1", n)
			}
		})
	}
}

func TestHarvestBadDate(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayOAI(t, csScript()))
	_, err := srv.client(arxiv.Config{}).Harvest(context.Background(),
		arxiv.HarvestRequest{Set: "cs", From: "2016-3-9"}, newMemStore(nil), recordingSink(new([]string), new([]int)))
	if !errors.Is(err, paper.ErrInvalid) {
		t.Errorf("err = %v, want paper.ErrInvalid", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests for an invalid request", n)
	}
}

// TestHarvestRetryAfter: arXiv's OAI flow control answers 503 with a
// Retry-After; the harvest waits and goes on.
func TestHarvestRetryAfter(t *testing.T) {
	script := csScript()
	script[token1] = []reply{{status: http.StatusServiceUnavailable, retryAfter: "30"}, {file: csPage2}}
	clock := newFakeClock()
	srv := newServer(t, clock, replayOAI(t, script))
	res, err := srv.client(arxiv.Config{}).Harvest(context.Background(), arxiv.HarvestRequest{Set: "cs"},
		newMemStore(nil), recordingSink(new([]string), new([]int)))
	if err != nil || res.Records != 2538 {
		t.Fatalf("Harvest = %+v, %v", res, err)
	}
	if !contains(clock.Sleeps(), 30*time.Second) {
		t.Errorf("sleeps %v, want one of 30s", clock.Sleeps())
	}
}

// TestHarvestPartialListKeepsNextFrom: a list bounded by Until, or starting
// after the last complete harvest ended, leaves records unread, so the next
// incremental harvest must still start where the last complete one ended.
func TestHarvestPartialListKeepsNextFrom(t *testing.T) {
	for _, req := range []arxiv.HarvestRequest{
		{Set: "cs", From: "2016-01-01", Until: "2016-03-01"},
		{Set: "cs", From: "2016-02-15"},
	} {
		srv := newServer(t, newFakeClock(), replayOAI(t, csScript()))
		store := newMemStore(nil)
		_ = store.SaveCheckpoint(context.Background(), csCheckpoint("", "", "2016-02-01", "", 5, 4000))
		res, err := srv.client(arxiv.Config{}).Harvest(context.Background(), req, store, recordingSink(new([]string), new([]int)))
		if err != nil {
			t.Fatalf("%+v: %v", req, err)
		}
		saves := store.Saves()
		if got := saves[len(saves)-1].NextFrom; got != "2016-02-01" || res.NextFrom != "2016-02-01" {
			t.Errorf("%+v: NextFrom moved to %q (result %q), want it kept at 2016-02-01", req, got, res.NextFrom)
		}
	}
}
