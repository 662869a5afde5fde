package feeds_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/feeds"
)

func TestAlternates(t *testing.T) {
	tests := []struct {
		kind, arg, title string
		hrefs            []string
	}{
		{"latest", "", "Daily Papers", []string{"/feeds/latest/rss", "/feeds/latest/atom", "/feeds/latest/json"}},
		{"date", "2026-08-21", "Daily Papers — Friday, 21 August 2026",
			[]string{"/feeds/date/2026-08-21/rss", "/feeds/date/2026-08-21/atom", "/feeds/date/2026-08-21/json"}},
		{"week", "2026-W34", "Daily Papers — Week 34 of 2026 (17 Aug – 23 Aug)",
			[]string{"/feeds/week/2026-W34/rss", "/feeds/week/2026-W34/atom", "/feeds/week/2026-W34/json"}},
		{"month", "2026-06", "Daily Papers — June 2026",
			[]string{"/feeds/month/2026-06/rss", "/feeds/month/2026-06/atom", "/feeds/month/2026-06/json"}},
		{"trending", "", "Daily Papers — trending", []string{"/feeds/trending/rss", "/feeds/trending/atom", "/feeds/trending/json"}},
		{"search", `a&b "c" #d`, `Daily Papers — search: a&b "c" #d`, []string{
			"/feeds/search/rss?q=a%26b+%22c%22+%23d", "/feeds/search/atom?q=a%26b+%22c%22+%23d", "/feeds/search/json?q=a%26b+%22c%22+%23d"}},
	}
	for _, tt := range tests {
		want := []feeds.Link{
			{Type: "application/rss+xml", Title: tt.title + " (RSS)", Href: tt.hrefs[0]},
			{Type: "application/atom+xml", Title: tt.title + " (Atom)", Href: tt.hrefs[1]},
			{Type: "application/feed+json", Title: tt.title + " (JSON Feed)", Href: tt.hrefs[2]},
		}
		if diff := cmp.Diff(want, feeds.Alternates(tt.kind, tt.arg)); diff != "" {
			t.Errorf("Alternates(%q, %q) (-want +got):\n%s", tt.kind, tt.arg, diff)
		}
	}
	if got := feeds.Alternates("paper", "2608.00001"); got != nil {
		t.Errorf("Alternates of an unknown kind = %v, want none", got)
	}
}

func testErrors(t *testing.T, s *site) {
	tests := []struct {
		path string
		code int
	}{
		{"/feeds/date/2026-13-01/rss", http.StatusBadRequest},
		{"/feeds/date/2026-02-30/atom", http.StatusBadRequest},
		{"/feeds/date/%3Cscript%3E/json", http.StatusBadRequest},
		{"/feeds/week/2026-W54/rss", http.StatusBadRequest},
		{"/feeds/week/2026-34/json", http.StatusBadRequest},
		{"/feeds/month/2026-13/atom", http.StatusBadRequest},
		{"/feeds/month/26-01/rss", http.StatusBadRequest},
		{"/feeds/latest/xml", http.StatusNotFound},
		{"/feeds/date/2026-08-21/html", http.StatusNotFound},
		{"/feeds/trending/RSS", http.StatusNotFound},
		{"/feeds/search/atom.xml?q=x", http.StatusNotFound},
		{"/feeds/nothing/rss", http.StatusNotFound},
	}
	for _, tt := range tests {
		r := get(t, s.url+tt.path)
		// The message may quote what was asked, as plain text never sniffed as HTML.
		if r.code != tt.code || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain") || r.header.Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("GET %s = %d %q, want %d in plain text, nosniff", tt.path, r.code, r.header.Get("Content-Type"), tt.code)
		}
	}
	// Whatever a reader searches for is a query, never an error.
	for _, q := range []string{"", `"unclosed`, "NEAR(a b)", "*", "-x", "a:b", `\`, "'; DROP TABLE papers; --"} {
		fetchFeed(t, s.url+"/feeds/search/json?q="+strings.NewReplacer("%", "%25", "&", "%26", "#", "%23", "+", "%2B", " ", "+").Replace(q), "json")
	}
}

// testBaseURL checks where absolute links point: to Options.BaseURL when
// set, else to the host asked, over https behind a trusted TLS-terminating
// proxy.
func testBaseURL(t *testing.T, s *site) {
	configured := serve(t, s, feeds.Options{BaseURL: "https://papers.example.org/"})
	tests := []struct {
		url    string
		header []string
		want   string
	}{
		{configured + "/feeds/latest/atom", nil, "https://papers.example.org"},
		{s.url + "/feeds/latest/atom", nil, s.url},
		{s.url + "/feeds/latest/atom", []string{"X-Forwarded-Proto", "https"}, "https://" + strings.TrimPrefix(s.url, "http://")},
	}
	for _, tt := range tests {
		r := get(t, tt.url, tt.header...)
		for _, want := range []string{`<id>` + tt.want + `/feeds/latest/atom</id>`, `<link href="` + tt.want + `/papers" rel="alternate"`, `<id>` + tt.want + `/papers/`} {
			if !strings.Contains(r.body, want) {
				t.Errorf("GET %s %v: no %s in\n%.600s", tt.url, tt.header, want, r.body)
			}
		}
	}
}
