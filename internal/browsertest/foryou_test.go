package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// forYouPaper is a paper about graph neural networks, or about galaxies.
func forYouPaper(id, title string, graphs bool, at time.Time) store.Item {
	abs := "Graph neural networks pass messages between the nodes of molecular graphs."
	if !graphs {
		abs = "We measure the rotation curves of spiral galaxies and fit dark matter halos."
	}
	return store.Item{Paper: paper.Paper{ID: id, Version: 1, Title: title, Abstract: abs,
		Authors: []paper.Author{{Name: "Ada Lovelace"}}, PublishedAt: at, UpdatedAt: at,
		Versions: []paper.Version{{Version: 1, Date: at}}}}
}

// TestForYou does in a real browser what a reader does: signs in, saves
// three papers from their pages, opens For you from the main navigation
// and finds this week's paper on the same topic, saying why.
func TestForYou(t *testing.T) {
	browser := newBrowser(t)
	cs := newCommunitySite(t)
	old, fresh := communityNow.AddDate(0, 0, -20), communityNow.Add(-12*time.Hour)
	items := []store.Item{
		forYouPaper("2104.01001", "Graph networks for chemistry", true, old),
		forYouPaper("2104.01002", "Message passing for molecules", true, old),
		forYouPaper("2104.01003", "Molecular graph property prediction", true, old),
		forYouPaper("2104.02001", "Equivariant graph networks for molecular graphs", true, fresh),
		forYouPaper("2104.02002", "Dark matter in spiral galaxies", false, fresh),
	}
	if _, err := cs.store.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.store.BackfillVectors(context.Background(), 1000); err != nil { // as serve does after an import
		t.Fatal(err)
	}
	tb := newTab(t, browser, viewports[0])
	tb.navigate(cs.url + "/")
	signUp(t, tb, cs, "ada@example.org", "ada")

	tb.navigate(cs.url + "/papers/for-you")
	tb.visible("#foryou-more")
	for _, id := range []string{"2104.01001", "2104.01002", "2104.01003"} {
		tb.navigate(cs.url + "/papers/" + id)
		button := "#save-" + strings.ReplaceAll(id, ".", "-") + " button"
		tb.visible(button)
		tb.do(chromedp.Click(chromedp.CSS(button)))
		_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](`document.querySelector(`+jsString(button)+`).getAttribute("aria-pressed") === "true"`,
			chromedp.WithPollingTimeout(waitTimeout)))
		if err != nil {
			t.Fatalf("saving %s: %v", id, err)
		}
	}
	tb.follow(`nav.main-nav a[href="/papers/for-you"]`)
	tb.visible("ol.cards.foryou")
	first := "ol.cards.foryou > li:first-child"
	if href := tb.attr(first+" h2 a", "href"); href != "/papers/2104.02001" {
		t.Errorf("For you's first paper is %q, want /papers/2104.02001", href)
	}
	if reason := tb.text(first + " .reason"); !strings.Contains(reason, "which you saved") {
		t.Errorf("the first pick's reason is %q", reason)
	}
	tb.visible(first + " .dismiss-form button")
	tb.noProblems()
}
