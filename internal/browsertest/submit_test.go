package browsertest

import (
	"context"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestSubmitWhileArxivStalls: at 390 and 1366 px, with arXiv answering
// nothing, submitting a paper new to the site lands at once on its page,
// which says it is being fetched; when arXiv answers, the page refreshes
// itself into the paper on the feed. Nothing breaks the Content Security
// Policy on the way.
func TestSubmitWhileArxivStalls(t *testing.T) {
	browser := newBrowser(t)
	for _, v := range []viewport{
		{name: "phone", width: 390, height: 844, phone: true},
		{name: "desktop", width: 1366, height: 900},
	} {
		t.Run(v.name, func(t *testing.T) {
			cs := newCommunitySite(t)
			tb := newTab(t, browser, v)
			tb.navigate(cs.url + "/")
			signUp(t, tb, cs, "ada@example.org", "ada")

			cs.arxiv.close()
			if v.phone { // "Submit a paper" is in the account menu
				tb.do(chromedp.Click(chromedp.CSS(accountMenu)))
				tb.follow(`nav.account-nav li.submit-narrow a[href="/submit"]`)
			} else {
				tb.follow(`nav.account-nav li.submit-wide a[href="/submit"]`)
			}
			tb.typeInto("#submit-id", submittedURL)
			start := time.Now()
			tb.follow(`form[action="/submit"] button[type=submit]`)
			if took := time.Since(start); took > 5*time.Second {
				t.Errorf("the submission took %v while arXiv stalled", took)
			}
			if path := tb.path(); path != "/papers/"+submittedID {
				t.Fatalf("submitting lands on %s, want /papers/%s", path, submittedID)
			}
			tb.visible(`.fetch-state[data-refresh]`, `a[href="https://arxiv.org/abs/`+submittedID+`"]`)
			if h1 := tb.text("h1"); h1 != "Fetching this paper from arXiv" {
				t.Errorf("while arXiv stalls the page says %q", h1)
			}
			tb.review("fetching")

			cs.arxiv.open()
			// The page reloads itself every few seconds until the paper is in.
			ctx, cancel := context.WithTimeout(tb.ctx, 15*time.Second)
			defer cancel()
			if err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(`.vote-panel a[href="/u/ada"]`))); err != nil {
				t.Fatalf("the page did not become the paper on the feed: %v", err)
			}
			if title := tb.text("#paper-title"); title != submittedTitle {
				t.Errorf("after arXiv answered the title is %q, want %q", title, submittedTitle)
			}
			tb.noProblems()
		})
	}
}
