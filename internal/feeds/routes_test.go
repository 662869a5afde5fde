package feeds_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mmcdole/gofeed"

	"github.com/dailypapers/dailypapers/internal/store"
)

// link is what a reader shows of an item.
type link struct{ Title, Link, GUID string }

func testRoutes(t *testing.T, s *site) {
	ctx := context.Background()
	entries := func(from, to string) []store.DayEntry {
		es, err := s.st.Entries(ctx, store.ListQuery{From: from, To: to})
		if err != nil {
			t.Fatal(err)
		}
		return es
	}
	trending, err := s.st.Trending(ctx, now, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	var trendingEntries []store.DayEntry
	for _, te := range trending {
		trendingEntries = append(trendingEntries, te.DayEntry)
	}
	day := entries("2026-08-21", "2026-08-21")
	known := day[len(day)-1] // the least upvoted paper of the day, found by its exact title
	q := oneLine(known.Paper.Title)

	tests := []struct {
		path        string // with {format} for the format
		title, page string
		want        []store.DayEntry
		count       int // the papers of the day in the Hugging Face data; -1: not known
	}{
		{"/feeds/latest/{format}", "Daily Papers", "/papers", day, 17},
		{"/feeds/date/2026-08-21/{format}", "Daily Papers — Friday, 21 August 2026", "/papers/date/2026-08-21", day, 17},
		{"/feeds/date/2026-06-03/{format}", "Daily Papers — Wednesday, 3 June 2026", "/papers/date/2026-06-03", entries("2026-06-03", "2026-06-03"), 23},
		{"/feeds/date/2026-06-06/{format}", "Daily Papers — Saturday, 6 June 2026", "/papers/date/2026-06-06", nil, 0},
		{"/feeds/week/2026-W34/{format}", "Daily Papers — Week 34 of 2026 (17 Aug – 23 Aug)", "/papers/week/2026-W34", entries("2026-08-17", "2026-08-23"), 18},
		{"/feeds/month/2026-06/{format}", "Daily Papers — June 2026", "/papers/month/2026-06", entries("2026-06-01", "2026-06-30"), 23},
		{"/feeds/trending/{format}", "Daily Papers — trending", "/papers/trending", trendingEntries, 18},
		{"/feeds/search/{format}?q=" + url.QueryEscape(q), "Daily Papers — search: " + q, "/papers?q=" + url.QueryEscape(q), nil, -1},
	}
	for _, tt := range tests {
		for _, format := range formats {
			path := strings.Replace(tt.path, "{format}", format, 1)
			t.Run(path, func(t *testing.T) {
				feed, _ := fetchFeed(t, s.url+path, format)
				if feed.Title != tt.title || feed.Link != s.url+tt.page || feed.FeedLink != s.url+path {
					t.Errorf("feed %q, link %q, self %q; want %q, %q, %q", feed.Title, feed.Link, feed.FeedLink, tt.title, s.url+tt.page, s.url+path)
				}
				if tt.count >= 0 && len(feed.Items) != tt.count {
					t.Errorf("%d items, want %d", len(feed.Items), tt.count)
				}
				if tt.count < 0 { // the search: the paper with the exact title comes first
					if len(feed.Items) == 0 || feed.Items[0].Title != q {
						t.Fatalf("search %q: first of %d items is not the paper", q, len(feed.Items))
					}
					tt.want = []store.DayEntry{known}
					feed.Items = feed.Items[:1]
				}
				if diff := cmp.Diff(wantLinks(s.url, tt.want), gotLinks(feed)); diff != "" {
					t.Errorf("items (-want +got):\n%s", diff)
				}
				if len(tt.want) > 0 {
					checkItem(t, format, feed.Items[0], tt.want[0])
				}
			})
		}
	}
}

func wantLinks(base string, es []store.DayEntry) []link {
	var out []link
	for _, e := range es {
		u := base + "/papers/" + e.Paper.ID
		out = append(out, link{oneLine(e.Paper.Title), u, u})
	}
	return out
}

func gotLinks(feed *gofeed.Feed) []link {
	var out []link
	for _, it := range feed.Items {
		out = append(out, link{it.Title, it.Link, it.GUID})
	}
	return out
}

// checkItem compares an item's authors, time and abstract with its paper.
func checkItem(t *testing.T, format string, it *gofeed.Item, e store.DayEntry) {
	t.Helper()
	var want, got []string
	for _, a := range e.Paper.Authors[:min(len(e.Paper.Authors), 5)] {
		want = append(want, a.Name)
	}
	if format == "rss" { // one dc:creator naming them all
		byline := strings.Join(want, ", ")
		if n := len(e.Paper.Authors); n > 5 {
			byline += fmt.Sprintf(" and %d more", n-5)
		}
		want = []string{byline}
	}
	for _, a := range it.Authors {
		got = append(got, a.Name)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("%s: authors (-want +got):\n%s", e.Paper.ID, diff)
	}
	if it.PublishedParsed == nil || !it.PublishedParsed.Equal(e.Entry.SubmittedAt.Truncate(time.Second)) {
		t.Errorf("%s: published %v, want the submission %v", e.Paper.ID, it.PublishedParsed, e.Entry.SubmittedAt)
	}
	// Atom and JSON Feed have the abstract as the summary, RSS only the
	// item's HTML, which holds it too.
	if format != "rss" && it.Description != e.Paper.Abstract {
		t.Errorf("%s: summary %.80q, want the abstract %.80q", e.Paper.ID, it.Description, e.Paper.Abstract)
	}
	html := it.Content
	if format == "rss" {
		html = it.Description
	}
	if first := strings.Fields(e.Paper.Abstract)[0]; !strings.Contains(html, first) {
		t.Errorf("%s: the item's HTML does not hold the abstract (starting %q)", e.Paper.ID, first)
	}
}
