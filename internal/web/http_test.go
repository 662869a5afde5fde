package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestConditional: pages, feeds and API answers carry a strong ETag, and a
// request that has it gets a 304 without a body.
func TestConditional(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	for _, path := range []string{"/", "/papers/date/2026-08-21", "/papers/2608.19880", "/papers/trending",
		"/papers?q=agent", "/feeds/latest/atom", "/api/daily_papers?date=2026-08-21", "/papers/2608.19880.md"} {
		first := s.get(t, path)
		etag := first.Header.Get("ETag")
		if first.Code != 200 || !regexp.MustCompile(`^"[0-9a-f]{32}"$`).MatchString(etag) {
			t.Errorf("GET %s = %d with ETag %q, want a strong ETag", path, first.Code, etag)
			continue
		}
		if cc := first.Header.Get("Cache-Control"); path != "/feeds/latest/atom" && !strings.HasPrefix(path, "/api/") && cc != "no-cache" {
			t.Errorf("GET %s: Cache-Control %q, want no-cache", path, cc)
		}
		again := s.get(t, path, "If-None-Match", etag)
		if again.Code != http.StatusNotModified || again.Body != "" || again.Header.Get("ETag") != etag {
			t.Errorf("GET %s with its ETag = %d, %d bytes, ETag %q; want 304, empty", path, again.Code, len(again.Body), again.Header.Get("ETag"))
		}
		for _, inm := range []string{`"other"`, `W/` + etag + `, "x"`, "*"} {
			want := http.StatusNotModified
			if inm == `"other"` {
				want = http.StatusOK
			}
			if r := s.get(t, path, "If-None-Match", inm); r.Code != want {
				t.Errorf("GET %s with If-None-Match %s = %d, want %d", path, inm, r.Code, want)
			}
		}
	}
	// The same page twice has the same ETag: it is the hash of the body.
	if a, b := s.get(t, "/").Header.Get("ETag"), s.get(t, "/").Header.Get("ETag"); a != b {
		t.Errorf("ETag of one page changed between requests: %s, %s", a, b)
	}
	// Errors and redirects are not cached as pages.
	if r := s.get(t, "/nowhere"); r.Header.Get("ETag") != "" {
		t.Errorf("a 404 has an ETag")
	}
}

// TestLastModified: pages, feeds and API answers carry Last-Modified, the
// latest of the last data change, the server's start and today's midnight,
// and answer If-Modified-Since; trending, which moves with the clock, is
// dated now.
func TestLastModified(t *testing.T) {
	before := time.Now().Truncate(time.Second)
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	for _, path := range []string{"/", "/papers/date/2026-08-21", "/papers/2608.19880", "/papers?q=agent",
		"/feeds/latest/atom", "/api/daily_papers?date=2026-08-21", "/papers/2608.19880.md"} {
		first := s.get(t, path)
		lm, err := http.ParseTime(first.Header.Get("Last-Modified"))
		if first.Code != 200 || err != nil {
			t.Errorf("GET %s = %d with Last-Modified %q", path, first.Code, first.Header.Get("Last-Modified"))
			continue
		}
		// The data changed when the test imported it, after testNow.
		if lm.Before(before) || lm.After(time.Now()) {
			t.Errorf("GET %s: Last-Modified %v, want the import's time (after %v)", path, lm, before)
		}
		same := s.get(t, path, "If-Modified-Since", first.Header.Get("Last-Modified"))
		if same.Code != http.StatusNotModified || same.Body != "" {
			t.Errorf("GET %s If-Modified-Since its Last-Modified = %d, %d bytes; want 304, empty", path, same.Code, len(same.Body))
		}
		older := s.get(t, path, "If-Modified-Since", lm.Add(-time.Hour).Format(http.TimeFormat))
		if older.Code != 200 || older.Body == "" {
			t.Errorf("GET %s If-Modified-Since an hour earlier = %d, want 200", path, older.Code)
		}
		// If-None-Match wins over If-Modified-Since.
		both := s.get(t, path, "If-Modified-Since", first.Header.Get("Last-Modified"), "If-None-Match", `"other"`)
		if both.Code != 200 {
			t.Errorf("GET %s with a matching date and another ETag = %d, want 200", path, both.Code)
		}
	}
	for _, path := range []string{"/papers/trending", "/feeds/trending/rss", "/api/daily_papers?sort=trending"} {
		r := s.get(t, path)
		if lm, err := http.ParseTime(r.Header.Get("Last-Modified")); err != nil || !lm.Equal(testNow.Truncate(time.Second)) {
			t.Errorf("GET %s: Last-Modified %q, want now (%v)", path, r.Header.Get("Last-Modified"), testNow)
		}
	}
	if r := s.get(t, "/nowhere"); r.Header.Get("Last-Modified") != "" {
		t.Errorf("a 404 has Last-Modified")
	}
}

// TestGzip: text answers are compressed for clients that accept it, the two
// forms told apart by Vary and by their ETags.
func TestGzip(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	for _, path := range []string{"/", "/papers/trending", "/feeds/latest/rss", "/api/daily_papers?date=2026-08-21", "/nowhere"} {
		plain := s.get(t, path)
		zipped := s.get(t, path, "Accept-Encoding", "gzip, deflate, br")
		if plain.Header.Get("Content-Encoding") != "" {
			t.Errorf("GET %s without Accept-Encoding is %s", path, plain.Header.Get("Content-Encoding"))
		}
		if zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
			t.Errorf("GET %s with gzip accepted: Content-Encoding %q, Vary %q", path, zipped.Header.Get("Content-Encoding"), zipped.Header.Get("Vary"))
			continue
		}
		zr, err := gzip.NewReader(strings.NewReader(zipped.Body))
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		body, err := io.ReadAll(zr)
		if err != nil || string(body) != plain.Body {
			t.Errorf("GET %s: the gzipped body is not the plain one (%v)", path, err)
		}
		if plain.Code == 200 && zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
			t.Errorf("GET %s: gzip and identity share the strong ETag %s", path, plain.Header.Get("ETag"))
		}
	}
	if r := s.get(t, "/", "Accept-Encoding", "gzip;q=0"); r.Header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0 got gzip")
	}
}

// assetURLs are the static files a page links to.
func assetURLs(body string) []string {
	var out []string
	seen := make(map[string]bool)
	for _, m := range regexp.MustCompile(`(?:href|src|data-[a-z-]+)="(/static/[^"]+)"`).FindAllStringSubmatch(body, -1) {
		if !seen[m[1]] {
			seen[m[1]] = true
			out = append(out, m[1])
		}
	}
	return out
}

// TestStatic: assets are served under their content hash, for a year, and
// KaTeX's stylesheet points at its fonts the same way.
func TestStatic(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), arxivRaw)
	urls := assetURLs(s.page(t, "/papers/0704.1586")) // a TeX title: KaTeX is loaded
	if len(urls) != 6 {
		t.Fatalf("the page links %d assets, want style, icon, KaTeX's css and two scripts, and math.js: %v", len(urls), urls)
	}
	types := map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".svg": "image/svg+xml", ".woff2": "font/woff2"}
	for _, u := range urls {
		r := s.get(t, u)
		if r.Code != 200 || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("GET %s = %d, Cache-Control %q", u, r.Code, r.Header.Get("Cache-Control"))
		}
		if want := types[u[strings.LastIndex(u, "."):]]; r.Header.Get("Content-Type") != want {
			t.Errorf("GET %s: Content-Type %q, want %q", u, r.Header.Get("Content-Type"), want)
		}
		if r.Header.Get("ETag") == "" || r.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("GET %s lacks ETag or CSP", u)
		}
		if again := s.get(t, u, "If-None-Match", r.Header.Get("ETag")); again.Code != http.StatusNotModified {
			t.Errorf("GET %s with its ETag = %d, want 304", u, again.Code)
		}
		if strings.HasSuffix(u, "katex.min.css") {
			fonts := regexp.MustCompile(`url\((/static/[0-9a-f]{16}/katex/fonts/KaTeX_[A-Za-z0-9_-]+\.woff2)\)`).FindAllStringSubmatch(r.Body, -1)
			if len(fonts) != 20 || strings.Contains(r.Body, "url(fonts/") {
				t.Fatalf("katex.min.css refers to %d fingerprinted fonts, want 20", len(fonts))
			}
			if f := s.get(t, fonts[0][1]); f.Code != 200 || f.Header.Get("Content-Type") != "font/woff2" {
				t.Errorf("GET %s = %d %s", fonts[0][1], f.Code, f.Header.Get("Content-Type"))
			}
		}
	}
	css := urls[0]
	zipped := s.get(t, css, "Accept-Encoding", "gzip")
	if zipped.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("GET %s with gzip: Content-Encoding %q", css, zipped.Header.Get("Content-Encoding"))
	}
	// An old hash (a page cached across a deploy) gets today's file, not for a year.
	old := regexp.MustCompile(`/static/[0-9a-f]+/`).ReplaceAllString(css, "/static/0123456789abcdef/")
	if r := s.get(t, old); r.Code != 200 || r.Header.Get("Cache-Control") != "no-cache" || !bytes.Equal([]byte(r.Body), []byte(s.get(t, css).Body)) {
		t.Errorf("GET %s = %d, Cache-Control %q", old, r.Code, r.Header.Get("Cache-Control"))
	}
}

// TestSecurityHeaders: every answer, whoever writes it, carries them.
func TestSecurityHeaders(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; " +
			"font-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "strict-origin-when-cross-origin",
	}
	for _, path := range []string{"/", "/papers/2608.19880", "/nowhere", "/papers/date/x", "/papers/2608.19880v1",
		"/api/daily_papers", "/api/papers/0000.00000", "/feeds/latest/json", "/healthz", "/papers/2608.19880.md"} {
		r := s.get(t, path)
		for k, v := range want {
			if got := r.Header.Get(k); got != v {
				t.Errorf("GET %s (%d): %s = %q, want %q", path, r.Code, k, got, v)
			}
		}
		if strings.Contains(r.Header.Get("Content-Security-Policy"), "unsafe-inline") {
			t.Errorf("the CSP allows unsafe-inline")
		}
	}
}
