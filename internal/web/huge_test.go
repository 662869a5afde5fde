package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestHugeAddresses: an address as long as the server takes (a query of
// 900 KB, 60,000 categories, 5,000 junk parameters, a path of 500 KB, page
// numbers past any integer) is answered with a 4xx or a 200 no larger than
// the answer to its sensible form, never a 5xx. A search page used to
// repeat its query 14 times (a 1 MB query made a 14 MB page), every pager
// link repeated every parameter, and 60,000 categories were one condition
// each, which SQLite refused (a 500).
func TestHugeAddresses(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		var files []string
		for _, d := range []string{"2024-05-29", "2024-06-13", "2024-10-25", "2025-03-17", "2025-06-25", "2025-10-03", "2026-05-13", "2026-06-03", "2026-08-21"} {
			files = append(files, hfDay(d))
		}
		s := newSite(t, dsn, files...) // "models" finds more than a page
		longQuery := strings.Repeat("model ", 900<<10/6)
		longWord := strings.Repeat("m", 900<<10)
		var cats, junk []string
		for i := range 60000 {
			cats = append(cats, fmt.Sprintf("c%d", i))
		}
		for i := range 5000 { // Go reads no more than 10,000
			junk = append(junk, fmt.Sprintf("j%d=1", i))
		}
		q := url.QueryEscape
		tests := []struct {
			name     string
			path     string
			code     int
			sensible string // the same question, asked sensibly
			maxExtra int    // bytes the answer may exceed the sensible one's by
		}{
			{"page of a long query", "/papers?q=" + q(longQuery), 200, "/papers?q=" + q(store.CleanQuery(longQuery)), 0},
			{"page of a long word", "/papers?q=" + longWord, 200, "/papers?q=" + store.CleanQuery(longWord), 0},
			{"feed of a long query", "/feeds/search/rss?q=" + q(longQuery), 200, "/feeds/search/rss?q=" + q(store.CleanQuery(longQuery)), 0},
			{"API search of a long query", "/api/papers/search?q=" + q(longQuery), 200, "/api/papers/search?q=" + q(store.CleanQuery(longQuery)), 0},
			{"60,000 categories", "/papers?q=model&category=" + strings.Join(cats, ","), 200,
				"/papers?q=model&category=" + q(store.CleanQuery(strings.Join(cats, ","))), 0},
			{"junk parameters", "/papers?q=models&" + strings.Join(junk, "&"), 200, "/papers?q=models", 0},
			{"junk parameters, page 2", "/papers?p=1&q=models&" + strings.Join(junk, "&"), 200, "/papers?p=1&q=models", 0},
			{"a long paper id", "/papers/" + strings.Repeat("1", 500<<10), 404, "/papers/" + strings.Repeat("1", 250), 0},
			{"a long unknown path", "/" + strings.Repeat("x", 500<<10), 404, "/" + strings.Repeat("x", 250), 0},
			{"a long day", "/papers/date/" + strings.Repeat("2", 500<<10), 400, "/papers/date/" + strings.Repeat("2", 250), 0},
			{"a long page number", "/papers?p=" + strings.Repeat("9", 500<<10), 400, "/papers?p=" + strings.Repeat("9", 250), 0},
			{"a long date filter", "/papers?q=model&from=" + strings.Repeat("2", 500<<10), 400, "/papers?q=model&from=" + strings.Repeat("2", 250), 0},
		}
		for _, tt := range tests {
			got, want := s.get(t, tt.path), s.get(t, tt.sensible)
			if got.Code != tt.code || len(got.Body) > len(want.Body)+tt.maxExtra {
				t.Errorf("%s: %d with %d bytes; want %d with at most %d bytes (%s)",
					tt.name, got.Code, len(got.Body), tt.code, len(want.Body)+tt.maxExtra, tt.sensible[:min(len(tt.sensible), 60)])
			}
		}
		// The API's Link to the next page keeps the list's own parameters.
		for _, c := range []struct{ path, want string }{
			{"/api/daily_papers?date=2026-08-21&limit=1&" + strings.Join(junk, "&"), "/api/daily_papers?date=2026-08-21&limit=1&p=1>"},
			{"/api/papers?limit=1&" + strings.Join(junk, "&"), "/api/papers?cursor="},
		} {
			r := s.get(t, c.path)
			if link := r.Header.Get("Link"); r.Code != 200 || len(link) > 300 || !strings.Contains(link, c.want) {
				t.Errorf("GET %.60s = %d with a Link of %d bytes: %.120s", c.path, r.Code, len(link), link)
			}
		}
		for _, path := range []string{
			"/papers?p=99999999999999999999", "/papers?p=-1", "/papers/trending?p=9223372036854775807",
			"/api/daily_papers?p=99999999999999999999", "/api/daily_papers?p=-1", "/api/daily_papers?limit=1000000000",
			"/api/daily_papers?limit=-5", "/api/papers?limit=99999999999999999999999", "/api/papers?cursor=" + strings.Repeat("A", 100<<10),
			"/api/papers/search?limit=-1", "/api/papers/search?limit=100000000", "/api/daily_papers?date=99999-01-01",
			"/papers/date/99999-01-01", "/papers/week/2026-W99", "/papers/month/0000-00", "/feeds/date/99999-01-01/rss",
		} {
			if r := s.get(t, path); r.Code < 400 || r.Code >= 500 {
				t.Errorf("GET %.80s = %d, want a 4xx", path, r.Code)
			}
		}
	})
}

// TestHugeHeaders: many cookies, a long cookie where the session's is
// expected and header values near the server's bound are a page like any
// other; beyond the bound, the server refuses with 431.
func TestHugeHeaders(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	var many []string
	for i := range 2000 {
		many = append(many, fmt.Sprintf("c%d=%s", i, strings.Repeat("v", 200)))
	}
	tests := []struct {
		name    string
		headers []string
		code    int
	}{
		{"2,000 cookies", []string{"Cookie", strings.Join(many, "; ")}, 200},
		{"a session cookie of 500 KB", []string{"Cookie", "dp_session=" + strings.Repeat("s", 500<<10)}, 200},
		{"a long Accept-Encoding", []string{"Accept-Encoding", strings.Repeat("gzip;q=0.5, ", 40000)}, 200},
		{"a long If-None-Match", []string{"If-None-Match", strings.Repeat(`"x", `, 100000)}, 200},
		{"a long Authorization", []string{"Authorization", "Bearer dp_" + strings.Repeat("t", 500<<10)}, 200},
		{"headers past the bound", []string{"X-Padding", strings.Repeat("p", 2<<20)}, http.StatusRequestHeaderFieldsTooLarge},
	}
	for _, tt := range tests {
		if r := s.get(t, "/", tt.headers...); r.Code != tt.code {
			t.Errorf("%s: %d, want %d", tt.name, r.Code, tt.code)
		}
	}
}
