package feeds_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/dailypapers/dailypapers/internal/feeds"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// testEscaping checks that paper text round-trips as text and never reaches
// a feed as markup, whatever it holds.
func testEscaping(t *testing.T, s *site) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			feed, raw := fetchFeed(t, s.url+"/feeds/date/"+hostileDay+"/"+format, format)
			for _, bad := range []string{"<script", "<img", "<iframe", "<b>", "]]>", "javascript:"} {
				if strings.Contains(raw, bad) {
					t.Errorf("the raw feed holds %q:\n%s", bad, raw)
				}
			}
			if len(feed.Items) != 1 {
				t.Fatalf("%d items, want the hostile paper alone", len(feed.Items))
			}
			it := feed.Items[0]
			if it.Title != hostileTitle {
				t.Errorf("title %q, want %q", it.Title, hostileTitle)
			}
			var authors []string
			for _, a := range it.Authors {
				authors = append(authors, a.Name)
			}
			want := []string{"Eve <b>Evil</b>", "Mallory ]]> Jones"}
			if format == "rss" {
				want = []string{"Eve <b>Evil</b>, Mallory ]]> Jones"}
			}
			if diff := cmp.Diff(want, authors); diff != "" {
				t.Errorf("authors (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff([]string{"cs.CR", "cs.LG"}, it.Categories); diff != "" {
				t.Errorf("categories (-want +got):\n%s", diff)
			}
			html := it.Content
			if format == "rss" {
				html = it.Description
			} else if it.Description != hostileAbstract {
				t.Errorf("summary %q, want the abstract as text %q", it.Description, hostileAbstract)
			}
			// The HTML shows the text, escaped once, and links nowhere unsafe.
			for _, want := range []string{"&lt;img src=x onerror=alert(1)&gt;", "&lt;iframe", "]]&gt; ends CDATA", "Upvotes: 3 · Comments: 1"} {
				if !strings.Contains(html, want) {
					t.Errorf("the item's HTML lacks %q:\n%s", want, html)
				}
			}
			for _, bad := range []string{"<img", "<iframe", "javascript:"} {
				if strings.Contains(html, bad) {
					t.Errorf("the item's HTML holds %q:\n%s", bad, html)
				}
			}
		})
	}
}

// TestEmptySite checks that a site without papers serves valid, empty feeds.
func TestEmptySite(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		st, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		url := serve(t, &site{st: st, loc: time.UTC}, feeds.Options{})
		for _, path := range []string{"/feeds/latest/", "/feeds/trending/", "/feeds/search/"} {
			for _, format := range formats {
				feed, _ := fetchFeed(t, url+path+format, format)
				if len(feed.Items) != 0 || !strings.HasPrefix(feed.Title, "Daily Papers") {
					t.Errorf("%s%s: %q with %d items, want an empty feed", path, format, feed.Title, len(feed.Items))
				}
			}
		}
	})
}
