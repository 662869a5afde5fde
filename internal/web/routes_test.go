package web_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestRedirects: every way of writing a paper id, and the date picker's
// form, lead to the one canonical address.
func TestRedirects(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-08-21"), arxivAstro)
		tests := []struct {
			path string
			code int
			to   string
		}{
			{"/papers/2608.19880v2", http.StatusMovedPermanently, "/papers/2608.19880"},
			{"/papers/arXiv:2608.19880", http.StatusMovedPermanently, "/papers/2608.19880"},
			{"/papers/arxiv:2608.19880v1", http.StatusMovedPermanently, "/papers/2608.19880"},
			{"/papers/astro-ph/0601001v1", http.StatusMovedPermanently, "/papers/astro-ph/0601001"},
			{"/papers/2608.19880v3.md", http.StatusMovedPermanently, "/papers/2608.19880.md"},
			{"/papers/", http.StatusMovedPermanently, "/papers"},
			{"/papers?date=2026-08-21", http.StatusFound, "/papers/date/2026-08-21"},
			{"/papers?date=2026-08-21&view=day", http.StatusFound, "/papers/date/2026-08-21"},
			{"/papers?date=2026-08-21&view=week", http.StatusFound, "/papers/week/2026-W34"},
			{"/papers?date=2026-08-21&view=month", http.StatusFound, "/papers/month/2026-08"},
			{"/papers?week=2026-W01", http.StatusFound, "/papers/week/2026-W01"},
			{"/papers?month=2025-12", http.StatusFound, "/papers/month/2025-12"},
			{"/papers/week", http.StatusFound, "/papers/week/2026-W34"}, // of the latest day
			{"/papers/month", http.StatusFound, "/papers/month/2026-08"},
		}
		for _, tt := range tests {
			r := s.get(t, tt.path)
			if r.Code != tt.code || r.Header.Get("Location") != tt.to {
				t.Errorf("GET %s = %d to %q, want %d to %q", tt.path, r.Code, r.Header.Get("Location"), tt.code, tt.to)
			}
		}
	})
}

// TestErrorPages: bad addresses get a page saying what was wrong, with the
// right status.
func TestErrorPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-08-21"))
		tests := []struct {
			path string
			code int
			want string
		}{
			{"/papers/date/not-a-day", 400, `&#34;not-a-day&#34; is not a date: write it as YYYY-MM-DD.`},
			{"/papers/date/2026-02-30", 400, "is not a date"},
			{"/papers/date/2026-8-1", 400, "is not a date"},
			{"/papers/week/2026-W54", 400, "is not a week: write it as YYYY-Www"},
			{"/papers/month/2026-13", 400, "is not a month: write it as YYYY-MM."},
			{"/papers?date=yesterday", 400, "is not a date"},
			{"/papers?week=2026-34", 400, "is not a week"},
			{"/papers/trending?p=two", 400, "is not a number"},
			{"/papers/date/2026-08-21?p=-1", 400, "is not a number"},
			{"/papers?q=x&from=2026-13-01", 400, "is not a date"},
			{"/papers/date/2026-08-21?p=1", 404, "This list has no page 2."},
			{"/papers/trending?p=3", 404, "This list has no page 4."},
			{"/papers?q=agent&p=1", 404, "This list has no page 2."},
			{"/papers/9912.99999", 404, "We do not have this paper yet"},
			{"/papers/9912.99999.md", 404, ""},
			{"/papers/not-a-paper", 404, "is not an arXiv identifier"},
			{"/papers/date/2026-08-21/more", 404, "is not an arXiv identifier"},
			{"/nowhere", 404, "There is no page at /nowhere."},
			{"/static/0000/nothing.css", 404, "There is no file"},
		}
		for _, tt := range tests {
			r := s.get(t, tt.path)
			if r.Code != tt.code {
				t.Errorf("GET %s = %d, want %d", tt.path, r.Code, tt.code)
			}
			if tt.want == "" {
				continue
			}
			if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") || !strings.Contains(r.Body, tt.want) {
				t.Errorf("GET %s: the error page lacks %q:\n%.300s", tt.path, tt.want, r.Body)
			}
			if !strings.Contains(r.Body, `<main id="main"`) {
				t.Errorf("GET %s: the error page is not a page of the site", tt.path)
			}
		}
	})
}

// TestSurfaces: the API, the feeds and the Markdown of a paper answer on the
// site's mux.
func TestSurfaces(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	tests := []struct{ path, contentType, want string }{
		{"/api/daily_papers?date=2026-08-21", "application/json", `"2608.19880"`},
		{"/api/papers/2608.19880", "application/json", `"EnvHarness: Awakening Static Worlds for Agent Learning"`},
		{"/feeds/latest/rss", "application/rss+xml", "<rss"},
		{"/feeds/date/2026-08-21/atom", "application/atom+xml", "<feed"},
		{"/papers/2608.19880.md", "text/markdown", "# EnvHarness: Awakening Static Worlds for Agent Learning"},
	}
	for _, tt := range tests {
		r := s.get(t, tt.path)
		if r.Code != 200 || !strings.HasPrefix(r.Header.Get("Content-Type"), tt.contentType) || !strings.Contains(r.Body, tt.want) {
			t.Errorf("GET %s = %d %s, want %s with %s:\n%.300s", tt.path, r.Code, r.Header.Get("Content-Type"), tt.contentType, tt.want, r.Body)
		}
	}
}

// TestPaging: a long list is cut into pages linked to each other.
func TestPaging(t *testing.T) {
	days := []string{"2024-05-29", "2024-06-13", "2024-10-25", "2025-03-17", "2025-06-25", "2025-10-03", "2026-05-13", "2026-06-03", "2026-08-21"}
	var files []string
	for _, d := range days {
		files = append(files, hfDay(d))
	}
	s := newSite(t, storetest.DSN(t, "sqlite"), files...)
	first := s.page(t, "/papers?q=models")
	if n := strings.Count(first, "<article>"); n != 50 {
		t.Fatalf("the first page of results has %d papers, want 50", n)
	}
	if !strings.Contains(first, `<a href="/papers?p=1&amp;q=models" rel="next">Next page`) || strings.Contains(first, "Previous page") {
		t.Errorf("the first page does not link the second alone")
	}
	second := s.page(t, "/papers?p=1&q=models")
	if !strings.Contains(second, `<a href="/papers?q=models" rel="prev">`) || !strings.Contains(second, `<ol class="cards" start="51">`) {
		t.Errorf("the second page does not link back to the first, or does not count on")
	}
	if strings.Count(second, "<article>") == 0 {
		t.Errorf("the second page is empty")
	}
}
