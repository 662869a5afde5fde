package arxiv_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/google/go-cmp/cmp"
)

// replayAPI answers id_list queries with the recording made for them.
//
// arXiv answers every nonexistent id alike, by leaving it out. The one
// recorded, 0808.05394, is one arxivid rightly refuses (five digits before
// 2015), so tests ask for a valid but nonexistent id, 2412.99999, and get
// the recording of 0808.05394.
func replayAPI(t *testing.T) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/api/query" {
			t.Errorf("request to %s", r.URL.Path)
		}
		idList := strings.ReplaceAll(r.URL.Query().Get("id_list"), nonexistent, "0808.05394")
		serveFile(t, w, http.StatusOK, apiFile(t, idList))
	}
}

const nonexistent = "2412.99999"

// collect is a Handler that keeps the ids of the records it is given.
func collect(ids *[]string) source.Handler {
	return source.Handler{Record: func(r source.Record) error {
		*ids = append(*ids, r.Paper.ID)
		return nil
	}}
}

func TestFetch(t *testing.T) {
	tests := []struct {
		name       string
		ids        []string
		wantIDList string
		wantMax    string
		want       arxiv.FetchResult
		wantPapers []string
	}{
		{
			name: "one", ids: []string{"1707.08567"},
			wantIDList: "1707.08567", wantMax: "1",
			want:       arxiv.FetchResult{Requested: 1, Found: 1},
			wantPapers: []string{"1707.08567"},
		},
		{
			name: "nonexistent id dropped by arXiv, duplicates in many forms",
			ids: []string{nonexistent, "arXiv:1707.08567", "https://arxiv.org/abs/1707.08567",
				" " + nonexistent + " "},
			wantIDList: nonexistent + ",1707.08567", wantMax: "2",
			want:       arxiv.FetchResult{Requested: 2, Found: 1, Missing: []string{nonexistent}},
			wantPapers: []string{"1707.08567"},
		},
		{
			name: "old-style id", ids: []string{"https://arxiv.org/abs/astro-ph/0601001"},
			wantIDList: "astro-ph/0601001", wantMax: "1",
			want:       arxiv.FetchResult{Requested: 1, Found: 1},
			wantPapers: []string{"astro-ph/0601001"},
		},
		{
			name: "version kept", ids: []string{"hep-ex/0406020v1"},
			wantIDList: "hep-ex/0406020v1", wantMax: "1",
			want:       arxiv.FetchResult{Requested: 1, Found: 1},
			wantPapers: []string{"hep-ex/0406020"},
		},
		{
			name: "nothing found", ids: []string{"arxiv.org/abs/" + nonexistent},
			wantIDList: nonexistent, wantMax: "1",
			want: arxiv.FetchResult{Requested: 1, Missing: []string{nonexistent}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, newFakeClock(), replayAPI(t))
			var got []string
			res, err := srv.client(arxiv.Config{}).Fetch(context.Background(), tt.ids, collect(&got))
			if err != nil {
				t.Fatalf("Fetch: %v", err)
			}
			if diff := cmp.Diff(tt.want, res); diff != "" {
				t.Errorf("result (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tt.wantPapers, got); diff != "" {
				t.Errorf("papers (-want +got):\n%s", diff)
			}
			reqs := srv.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			q := reqs[0].Query
			if q.Get("id_list") != tt.wantIDList || q.Get("max_results") != tt.wantMax || len(q) != 2 {
				t.Errorf("query %v, want id_list=%s max_results=%s", q, tt.wantIDList, tt.wantMax)
			}
		})
	}
}

func TestFetchInvalidIDs(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayAPI(t))
	ids := []string{"1707.08567", "abc", "0000.0000", "0808.05394"}
	_, err := srv.client(arxiv.Config{}).Fetch(context.Background(), ids, collect(new([]string)))
	if !errors.Is(err, arxivid.ErrInvalid) {
		t.Fatalf("err = %v, want arxivid.ErrInvalid", err)
	}
	for _, id := range []string{`"abc"`, `"0000.0000"`, `"0808.05394"`} {
		if !strings.Contains(err.Error(), id) {
			t.Errorf("error %q does not name %s", err, id)
		}
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests made, want none", n)
	}
}

func TestFetchManyInvalidIDs(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayAPI(t))
	ids := make([]string, 30)
	for i := range ids {
		ids[i] = fmt.Sprintf("bad%d", i)
	}
	_, err := srv.client(arxiv.Config{}).Fetch(context.Background(), ids, collect(new([]string)))
	if !errors.Is(err, arxivid.ErrInvalid) || !strings.Contains(err.Error(), `"bad19", and 10 more`) ||
		strings.Contains(err.Error(), "bad20") {
		t.Errorf("err = %v, want 20 ids named and 10 more counted", err)
	}
}

func TestFetchNone(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayAPI(t))
	res, err := srv.client(arxiv.Config{}).Fetch(context.Background(), nil, collect(new([]string)))
	if err != nil || res.Requested != 0 || len(srv.Requests()) != 0 {
		t.Errorf("Fetch(nil) = %+v, %v after %d requests", res, err, len(srv.Requests()))
	}
}

// TestFetchAPIError replays the 400 and error feed arXiv sends for a query
// it cannot parse.
func TestFetchAPIError(t *testing.T) {
	srv := newServer(t, newFakeClock(), func(w http.ResponseWriter, r *http.Request) {
		serveFile(t, w, http.StatusBadRequest, apiFile(t, "abc"))
	})
	_, err := srv.client(arxiv.Config{}).Fetch(context.Background(), []string{"1707.08567"}, collect(new([]string)))
	var apiErr *source.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want a *source.APIError", err)
	}
	if apiErr.Message != "incorrect id format for abc" {
		t.Errorf("message %q", apiErr.Message)
	}
	var httpErr *arxiv.HTTPError
	if !errors.As(err, &httpErr) || httpErr.Status != http.StatusBadRequest {
		t.Errorf("err = %v, want an HTTPError with status 400", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests, want 1: a 400 is not retried", n)
	}
}

// TestFetchBatches checks that ids go 100 to a request.
func TestFetchBatches(t *testing.T) {
	srv := newServer(t, newFakeClock(), func(w http.ResponseWriter, r *http.Request) {
		serveFile(t, w, http.StatusOK, apiFile(t, "0000.0000")) // no results
	})
	var ids []string
	for i := range 250 {
		ids = append(ids, fmt.Sprintf("2401.%05d", i+1))
	}
	ids = append(ids, "2401.00001v2") // a duplicate
	res, err := srv.client(arxiv.Config{}).Fetch(context.Background(), ids, collect(new([]string)))
	if err != nil {
		t.Fatal(err)
	}
	if res.Requested != 250 || res.Found != 0 || len(res.Missing) != 250 || res.Missing[0] != "2401.00001" {
		t.Errorf("result %d requested, %d found, %d missing (first %q)",
			res.Requested, res.Found, len(res.Missing), res.Missing[0])
	}
	var sizes []int
	for _, r := range srv.Requests() {
		sizes = append(sizes, len(strings.Split(r.Query.Get("id_list"), ",")))
	}
	if diff := cmp.Diff([]int{100, 100, 50}, sizes); diff != "" {
		t.Errorf("batch sizes (-want +got):\n%s", diff)
	}
}

// TestFetchHandlerError checks that an error from the handler stops Fetch.
func TestFetchHandlerError(t *testing.T) {
	srv := newServer(t, newFakeClock(), replayAPI(t))
	stop := errors.New("stop")
	h := source.Handler{Record: func(source.Record) error { return stop }}
	_, err := srv.client(arxiv.Config{}).Fetch(context.Background(), []string{"1707.08567"}, h)
	if !errors.Is(err, stop) {
		t.Errorf("err = %v, want the handler's error", err)
	}
}
