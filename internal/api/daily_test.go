package api_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/api"
	"github.com/google/go-cmp/cmp"
)

// testDailyErrors: every bad parameter is a 400 with an error message, on
// every list endpoint.
func testDailyErrors(t *testing.T, s site) {
	tests := []struct{ name, query string }{
		{"day out of range", "/api/daily_papers?date=2026-13-01"},
		{"no such day", "/api/daily_papers?date=2026-02-30"},
		{"day without dashes", "/api/daily_papers?date=20260821"},
		{"day in words", "/api/daily_papers?date=yesterday"},
		{"day with time", "/api/daily_papers?date=2026-08-21T00:00:00Z"},
		// 22:00 on the 23rd in New York, the 24th in UTC: the site's zone decides.
		{"future day", "/api/daily_papers?date=2026-08-24"},
		{"far future day", "/api/daily_papers?date=2999-01-01"},
		{"no week 60", "/api/daily_papers?week=2026-W60"},
		{"week without W", "/api/daily_papers?week=2026-35"},
		{"no week 53 in 2026", "/api/daily_papers?week=2026-W53"},
		{"future week", "/api/daily_papers?week=2026-W35"},
		{"month 13", "/api/daily_papers?month=2026-13"},
		{"month as day", "/api/daily_papers?month=2026-08-01"},
		{"future month", "/api/daily_papers?month=2026-09"},
		{"date and week", "/api/daily_papers?date=2026-08-21&week=2026-W34"},
		{"week and month", "/api/daily_papers?week=2026-W34&month=2026-08"},
		{"unknown sort", "/api/daily_papers?sort=hot"},
		{"sort case", "/api/daily_papers?sort=Trending"},
		{"limit over 100", "/api/daily_papers?limit=101"},
		{"limit 0", "/api/daily_papers?limit=0"},
		{"negative limit", "/api/daily_papers?limit=-5"},
		{"limit not a number", "/api/daily_papers?limit=ten"},
		{"huge limit", "/api/daily_papers?limit=99999999999999999999"},
		{"negative page", "/api/daily_papers?p=-1"},
		{"page not a number", "/api/daily_papers?p=x"},
		{"fractional page", "/api/daily_papers?p=1.5"},
		{"huge page", "/api/daily_papers?p=9223372036854775807"},
		{"search limit over 100", "/api/papers/search?q=attention&limit=101"},
		{"search limit 0", "/api/papers/search?q=attention&limit=0"},
		{"papers limit over 100", "/api/papers?limit=500"},
		{"similar limit over 50", "/api/papers/2506.19851/similar?limit=51"},
		{"similar limit 0", "/api/papers/2506.19851/similar?limit=0"},
		{"similar limit not a number", "/api/papers/2506.19851/similar?limit=six"},
		{"papers bad cursor", "/api/papers?cursor=!!not-a-cursor!!"},
		{"papers forged cursor", "/api/papers?cursor=bm90IGEgY3Vyc29y"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := get(t, s.url+tt.query)
			var body map[string]any
			if err := json.Unmarshal([]byte(r.body), &body); err != nil {
				t.Fatalf("%s = %d %q: %v", tt.query, r.code, r.body, err)
			}
			msg, _ := body["error"].(string)
			if r.code != http.StatusBadRequest || msg == "" || len(body) != 1 {
				t.Errorf("%s = %d %s, want 400 {\"error\": ...}", tt.query, r.code, r.body)
			}
			if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
				t.Errorf("%s: Content-Type %q", tt.query, ct)
			}
		})
	}
}

// testDailyPaging: p and limit page through a day; the Link header names
// the next page exactly when there is one.
func testDailyPaging(t *testing.T, s site) {
	var all []entry
	r := getOK(t, s.url+"/api/daily_papers?date=2026-05-13&limit=100", &all)
	if len(all) != 50 || r.header.Get("Link") != "" {
		t.Fatalf("2026-05-13: %d papers, Link %q; want the day's 50 and no Link", len(all), r.header.Get("Link"))
	}
	// The default limit is 50: exactly one page, no next.
	var def []entry
	if r := getOK(t, s.url+"/api/daily_papers?date=2026-05-13", &def); len(def) != 50 || r.header.Get("Link") != "" {
		t.Errorf("default limit: %d papers, Link %q", len(def), r.header.Get("Link"))
	}
	var paged []entry
	next := s.url + "/api/daily_papers?date=2026-05-13&limit=20"
	wantLinks := []string{
		"<" + s.url + `/api/daily_papers?date=2026-05-13&limit=20&p=1>; rel="next"`,
		"<" + s.url + `/api/daily_papers?date=2026-05-13&limit=20&p=2>; rel="next"`,
		"",
	}
	for i, want := range wantLinks {
		var page []entry
		r := getOK(t, next, &page)
		if got := r.header.Get("Link"); got != want {
			t.Errorf("page %d: Link %q, want %q", i, got, want)
		}
		paged = append(paged, page...)
		next = strings.TrimSuffix(strings.TrimPrefix(r.header.Get("Link"), "<"), `>; rel="next"`)
	}
	if diff := cmp.Diff(ids(all), ids(paged)); diff != "" {
		t.Errorf("pages of 20 differ from the whole day (-whole +pages):\n%s", diff)
	}
	var beyond []entry
	if r := getOK(t, s.url+"/api/daily_papers?date=2026-05-13&limit=20&p=7", &beyond); r.body != "[]" {
		t.Errorf("page past the end = %s, want []", r.body)
	}
	// Behind a trusted TLS proxy the link keeps the scheme the client used.
	r = get(t, s.url+"/api/daily_papers?date=2026-05-13&limit=10", "X-Forwarded-Proto", "https")
	if want := "<https://" + strings.TrimPrefix(s.url, "http://") + "/api/daily_papers?date=2026-05-13&limit=10&p=1>; rel=\"next\""; r.header.Get("Link") != want {
		t.Errorf("behind a proxy: Link %q, want %q", r.header.Get("Link"), want)
	}
	// With a base URL configured, links use it.
	a := api.New(s.store, api.Options{BaseURL: "https://papers.example.org/", Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)})
	mux := http.NewServeMux()
	a.Register(mux)
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest("GET", "/api/daily_papers?limit=1&month=2026-08&p=3", nil))
	if got, want := rec.Header().Get("Link"), `<https://papers.example.org/api/daily_papers?limit=1&month=2026-08&p=4>; rel="next"`; got != want {
		t.Errorf("with BaseURL: Link %q, want %q", got, want)
	}
}

// testDailyPeriods: the latest day by default, weeks, months, empty days.
func testDailyPeriods(t *testing.T, s site) {
	tests := []struct {
		query string
		want  int // papers
	}{
		{"", 1},                       // the latest feed day, Saturday 2026-08-22
		{"?date=2026-08-22", 1},       // ...the same
		{"?date=2026-08-21", 17},      //
		{"?week=2026-W34", 18},        // 17-23 August: the 21st and the 22nd
		{"?month=2026-08", 18},        //
		{"?month=2025-06", 14},        // 2025-06-25 only
		{"?week=2025-W12", 12},        // Monday 2025-03-17
		{"?week=2024-W24", 21},        // 2024-06-13
		{"?date=2026-08-23", 0},       // today in the site's zone, nothing yet
		{"?date=2024-06-15", 0},       // a Saturday
		{"?month=1999-01", 0},         //
		{"?week=2026-W34&limit=5", 5}, //
	}
	for _, tt := range tests {
		var es []entry
		r := getOK(t, s.url+"/api/daily_papers"+tt.query, &es)
		if len(es) != tt.want {
			t.Errorf("%q: %d papers, want %d", tt.query, len(es), tt.want)
		}
		if tt.want == 0 && r.body != "[]" {
			t.Errorf("%q: empty list is %q, want []", tt.query, r.body)
		}
		checkByUpvotes(t, tt.query, es)
	}
	var latest []entry
	if getOK(t, s.url+"/api/daily_papers", &latest); len(latest) != 1 || latest[0].Paper.ID != scriptID {
		t.Errorf("latest day = %v, want [%s]", ids(latest), scriptID)
	}
}

// testDailySubmitter: submitter= filters, alone (all time) or in a period.
func testDailySubmitter(t *testing.T, s site) {
	tests := []struct {
		query string
		want  int
	}{
		{"?submitter=akhaliq", hfCount(t, "akhaliq", hfDays...)},
		{"?submitter=akhaliq&date=2025-06-25", hfCount(t, "akhaliq", "2025-06-25")},
		{"?submitter=taesiri&month=2026-08", hfCount(t, "taesiri", "2026-08-21")},
		{"?submitter=alice", 1},
		{"?submitter=nobody", 0},
	}
	for _, tt := range tests {
		if tt.want == 0 && !strings.Contains(tt.query, "nobody") {
			t.Fatalf("%q: the data has no such papers; the test needs some", tt.query)
		}
		var es []entry
		getOK(t, s.url+"/api/daily_papers"+tt.query, &es)
		if len(es) != tt.want {
			t.Errorf("%q: %d papers, want %d", tt.query, len(es), tt.want)
		}
		name := strings.TrimPrefix(strings.Split(tt.query, "&")[0], "?submitter=")
		for _, e := range es {
			if e.SubmittedBy == nil || e.SubmittedBy.Name != name {
				t.Errorf("%q: %s submitted by %+v", tt.query, e.Paper.ID, e.SubmittedBy)
			}
		}
		checkByUpvotes(t, tt.query, es)
	}
}

// hfCount counts the entries Hugging Face says user submitted on the days.
func hfCount(t *testing.T, user string, days ...string) int {
	t.Helper()
	n := 0
	for _, day := range days {
		b, err := os.ReadFile(hfFile(day))
		if err != nil {
			t.Fatal(err)
		}
		var es []map[string]any
		if err := json.Unmarshal(b, &es); err != nil {
			t.Fatal(err)
		}
		for _, e := range es {
			if str(e, "submittedBy", "name") == user {
				n++
			}
		}
	}
	return n
}

// testDailyTrending: sort=trending is the store's trending order, which
// weighs age: alice's 5 upvotes of Saturday afternoon rank seventh, above
// Friday's papers with 12 upvotes (ages are measured from now, Sunday
// evening in New York: the feed has a day in the last 7).
func testDailyTrending(t *testing.T, s site) {
	ts, err := s.store.Trending(context.Background(), now, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range ts {
		want = append(want, e.Paper.ID)
	}
	var got []entry
	getOK(t, s.url+"/api/daily_papers?sort=trending&limit=100", &got)
	if diff := cmp.Diff(want, ids(got)); diff != "" {
		t.Errorf("sort=trending (-store +api):\n%s", diff)
	}
	if len(got) < 8 || got[6].Paper.ID != scriptID || got[7].Paper.ID != "2608.14022" {
		t.Errorf("sort=trending: seventh is not %s above 2608.14022 (12 upvotes): %v", scriptID, ids(got))
	}
	var page []entry
	r := getOK(t, s.url+"/api/daily_papers?sort=trending&limit=2&p=1", &page)
	if diff := cmp.Diff(want[2:4], ids(page)); diff != "" || r.header.Get("Link") == "" {
		t.Errorf("sort=trending page 1 of 2 (-want +got), Link %q:\n%s", r.header.Get("Link"), diff)
	}
	var mine []entry
	getOK(t, s.url+"/api/daily_papers?sort=trending&submitter=taesiri", &mine)
	if n := hfCount(t, "taesiri", "2026-08-21"); len(mine) != n {
		t.Errorf("trending of taesiri: %d papers, want %d", len(mine), n)
	}
	// A period decides the list; it stays ordered by upvotes.
	var week []entry
	getOK(t, s.url+"/api/daily_papers?sort=trending&week=2026-W34", &week)
	checkByUpvotes(t, "trending week", week)
}
