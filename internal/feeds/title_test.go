package feeds_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestTitlesAreText: feed readers cannot typeset TeX, so an item's title
// is the paper's title written as text (tex.Text), in every format; the
// abstract keeps its TeX.
func TestTitlesAreText(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn)
		at := time.Date(2026, 8, 19, 13, 0, 0, 0, time.UTC)
		item := store.Item{
			Paper: paper.Paper{
				ID: "2608.00002", Title: "Fast $k$-means in\n  $O(n^{2})$ time: $\\mathbb{E}_{t}\\|x\\|^2$ for R\\'{e}nyi",
				Abstract: "We bound $\\alpha$.", Authors: []paper.Author{{Name: "Ada"}},
				PublishedAt: at.Add(-24 * time.Hour), UpdatedAt: at.Add(-24 * time.Hour),
			},
			Entry: &paper.Entry{Day: "2026-08-19", SubmittedAt: at},
		}
		if _, err := s.st.Import(context.Background(), []store.Item{item}); err != nil {
			t.Fatal(err)
		}
		const want = "Fast k-means in O(n²) time: Eₜ‖x‖² for Rényi"
		for _, format := range []string{"rss", "atom", "json"} {
			feed, _ := fetchFeed(t, s.url+"/feeds/date/2026-08-19/"+format, format)
			if len(feed.Items) != 1 || feed.Items[0].Title != want {
				t.Fatalf("%s: items %v, want one titled %q", format, feed.Items, want)
			}
			if item := feed.Items[0]; !strings.Contains(item.Description+item.Content, "We bound $\\alpha$.") {
				t.Errorf("%s: the abstract is not as written in %q", format, item.Description+item.Content)
			}
		}
	})
}
