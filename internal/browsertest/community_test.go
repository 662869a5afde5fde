package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// The paper a new user submits, as they would paste it, and what the
// recorded arXiv answer says of it.
const (
	submittedURL   = "https://arxiv.org/abs/2104.12255v1"
	submittedID    = "2104.12255"
	submittedTitle = "0"
)

// Selectors of the paper page's upvote button and discussion.
const (
	voteButton  = ".vote-panel .vote-button"
	voteCount   = ".vote-panel .count"
	firstThread = "ol.thread > li:first-child"
	replyBox    = firstThread + " > details.reply-box"
)

// TestCommunityFlow does in a real browser what a new user does: signs up
// by mail, picks a username, submits a paper that arXiv is asked for,
// upvotes it in place, comments in Markdown and replies; the pages of
// their account then fit a desktop and a phone screen, in both themes,
// and nothing logs an error or breaks the Content Security Policy.
func TestCommunityFlow(t *testing.T) {
	browser := newBrowser(t)
	cs := newCommunitySite(t)
	tb := newTab(t, browser, viewports[0])
	tb.colorScheme("light")

	tb.navigate(cs.url + "/")
	signUp(t, tb, cs, "ada@example.org", "ada")
	submitPaper(t, tb, "ada")
	upvoteInPlace(t, tb)
	discuss(t, tb, "ada")
	claimAuthorship(t, tb)
	onHomePage(t, tb, cs)
	saveFromCard(t, tb)
	createToken(t, tb, cs)
	tb.noProblems()

	for _, v := range viewports {
		for _, page := range []struct{ name, path string }{
			{"paper", "/papers/" + submittedID}, {"submit", "/submit"}, {"settings", "/settings"}, {"user", "/u/ada"},
			{"saved", "/saved"},
		} {
			t.Run(v.name+"/"+page.name, func(t *testing.T) {
				reviewPage(t, browser, v, cs.url+page.path)
			})
		}
	}
}

// signUp signs in from the home page with a new address: the link arrives
// by mail, its page has a button, and a new user picks a username.
func signUp(t *testing.T, tb *tab, cs *communitySite, email, name string) {
	tb.follow(`nav.account-nav a[href="/signin"]`)
	tb.review("signin")
	tb.typeInto("#signin-email", email)
	tb.follow(`form[action="/signin"] button[type=submit]`)
	if h1 := tb.text("h1"); h1 != "Check your inbox" {
		t.Fatalf("after asking for a link the page says %q", h1)
	}
	tb.review("inbox")

	tb.navigate(cs.mailedLink(t, 1))
	tb.review("confirm")
	tb.follow(`form[action="/signin/confirm"] button[type=submit]`)
	if path := tb.path(); path != "/welcome" {
		t.Fatalf("a new user's sign-in lands on %s, want /welcome", path)
	}
	tb.review("welcome")
	tb.typeInto("#welcome-name", name)
	tb.follow(`form[action="/welcome"] button[type=submit]`)
	tb.visible(accountMenu) // "Submit a paper" is beside it on a desktop, in it on a phone
	if got := tb.text(accountMenu); !strings.Contains(got, name) {
		t.Errorf("the account menu says %q, not the username %s", got, name)
	}
}

// accountMenu is the header's menu of account links, named by the username.
const accountMenu = "nav.account-nav details.menu summary"

// openAccountMenu opens the header's account menu, whose links are folded.
func (tb *tab) openAccountMenu() {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(accountMenu)))
}

// submitPaper submits the paper by its URL from the header's link: it is
// fetched from arXiv and shown, submitted by the user.
func submitPaper(t *testing.T, tb *tab, name string) {
	tb.follow(`nav.account-nav a[href="/submit"]`)
	tb.review("submit")
	tb.typeInto("#submit-id", submittedURL)
	tb.follow(`form[action="/submit"] button[type=submit]`)
	if path := tb.path(); path != "/papers/"+submittedID {
		t.Fatalf("submitting lands on %s, want /papers/%s", path, submittedID)
	}
	tb.visible(paperPage...)
	if title := tb.text("#paper-title"); title != submittedTitle {
		t.Errorf("the paper's title is %q, want %q from arXiv", title, submittedTitle)
	}
	tb.visible(`.vote-panel a[href="/u/` + name + `"]`)
	if by := tb.text(".vote-panel p"); by != "Submitted by "+name {
		t.Errorf("the vote panel says %q, want %q", by, "Submitted by "+name)
	}
}

// upvoteInPlace clicks the upvote button: the script posts it in the
// background and changes the count and the button without leaving the
// page; a reload shows the same.
func upvoteInPlace(t *testing.T, tb *tab) {
	tb.visible(voteButton, voteCount)
	if count, pressed := tb.text(voteCount), tb.attr(voteButton, "aria-pressed"); count != "0" || pressed != "false" {
		t.Fatalf("before the upvote: count %q, aria-pressed %q; want 0, false", count, pressed)
	}
	// A navigation would make a new window object, without the marker.
	tb.do(chromedp.Evaluate[chromedp.Void](`window.__marker = "before the upvote"`))
	tb.do(chromedp.Click(chromedp.CSS(voteButton)))
	// Poll fails if the page navigates, as the script's fallback would.
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](`document.querySelector(`+jsString(voteCount)+`).textContent === "1"`,
		chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		t.Fatalf("the count does not become 1 in place: %v (it shows %q)", err, tb.text(voteCount))
	}
	if marker := eval[string](tb, `window.__marker ?? "gone"`); marker != "before the upvote" {
		t.Errorf("the page was loaded again by the upvote (window.__marker is %s)", marker)
	}
	tb.upvoted("after the upvote")

	tb.do(chromedp.Reload())
	tb.upvoted("after a reload")
}

// claimAuthorship claims to be the paper's first author with the button
// beside the name; the claim box then says the claim waits for a curator,
// and no author offers a claim any more (one claim per paper).
func claimAuthorship(t *testing.T, tb *tab) {
	const button = ".author-list li:first-child form.claim-form button"
	tb.visible(button)
	tb.follow(button)
	tb.visible("#claim")
	if got := tb.text("#claim p"); !strings.Contains(got, "waiting for a curator") {
		t.Errorf("the claim box says %q, want it waiting for a curator", got)
	}
	if n := eval[int](tb, `document.querySelectorAll("form.claim-form").length`); n != 0 {
		t.Errorf("%d claim buttons after claiming, want none", n)
	}
	tb.review("claimed")
}

// upvoted checks the paper page shows one upvote, the user's.
func (tb *tab) upvoted(when string) {
	tb.t.Helper()
	tb.visible(voteButton)
	count, unit := tb.text(voteCount), tb.text(".vote-panel .unit")
	pressed, label := tb.attr(voteButton, "aria-pressed"), tb.attr(voteButton, "aria-label")
	if count != "1" || unit != "upvote" || pressed != "true" || !strings.HasPrefix(label, "Remove your upvote:") {
		tb.t.Errorf("%s: %s %s, aria-pressed %q, aria-label %q; want 1 upvote, true, Remove your upvote: …",
			when, count, unit, pressed, label)
	}
}

// discuss comments in Markdown and replies to the comment from its Reply
// disclosure: the comment is rendered, the reply nested under it.
func discuss(t *testing.T, tb *tab, name string) {
	tb.typeInto("#body-0", "Great **paper**")
	tb.follow(`#new-comment + form.comment-form button[type=submit]`)
	const comment = firstThread + " > article.comment"
	tb.visible(comment + " .comment-body strong")
	if body := tb.html(comment + " .comment-body"); !strings.Contains(body, "Great <strong>paper</strong>") {
		t.Errorf("the comment is shown as %q, want Great <strong>paper</strong>", body)
	}
	if who := tb.text(comment + " .who"); who != name {
		t.Errorf("the comment is by %q, want %q", who, name)
	}

	tb.do(chromedp.Click(chromedp.CSS(replyBox + " > summary")))
	tb.visible(replyBox + " textarea")
	tb.typeInto(replyBox+" textarea", "Which of the four libraries?")
	tb.follow(replyBox + " button[type=submit]")
	const reply = firstThread + " > ol.replies > li:first-child > article.comment"
	tb.visible(reply + " .comment-body")
	if body := tb.text(reply + " .comment-body"); body != "Which of the four libraries?" {
		t.Errorf("the reply is shown as %q", body)
	}
	// The page comes back at the new reply: it is the one under the comment.
	if !eval[bool](tb, `document.querySelector(location.hash)?.matches(`+jsString(reply)+`) ?? false`) {
		t.Errorf("the page comes back at %s, not at the reply under the comment", eval[string](tb, "location.hash"))
	}
	if n := eval[int](tb, `document.querySelectorAll("ol.thread > li").length`); n != 1 {
		t.Errorf("%d threads, want 1: the reply is not nested", n)
	}
	if line := tb.text("#discussion .count-line"); line != "2 comments" {
		t.Errorf("the discussion counts %q, want 2 comments", line)
	}
}

// onHomePage checks the submitted paper is today's, on the home page, with
// the user's upvote.
func onHomePage(t *testing.T, tb *tab, cs *communitySite) {
	tb.navigate(cs.url + "/")
	tb.visible(cardList...)
	if href := tb.attr(firstCard, "href"); href != "/papers/"+submittedID {
		t.Errorf("the home page's first paper is %s, want /papers/%s", href, submittedID)
	}
	const card = "ol.cards > li:first-child .votes"
	if count, pressed := tb.text(card+" .count"), tb.attr(card+" .vote-button", "aria-pressed"); count != "1" || pressed != "true" {
		t.Errorf("on the home page: count %q, aria-pressed %q; want 1, true", count, pressed)
	}
}

// saveFromCard saves the home page's first paper from its card: the
// script saves it in place, and the reading list, linked from the header,
// then shows it.
func saveFromCard(t *testing.T, tb *tab) {
	const button = "ol.cards > li:first-child .save-form button"
	tb.visible(button)
	if pressed := tb.attr(button, "aria-pressed"); pressed != "false" {
		t.Fatalf("before saving: aria-pressed %q, want false", pressed)
	}
	tb.do(chromedp.Evaluate[chromedp.Void](`window.__marker = "before saving"`))
	tb.do(chromedp.Click(chromedp.CSS(button)))
	_, err := chromedp.Run(tb.ctx, chromedp.Poll[chromedp.Void](`document.querySelector(`+jsString(button)+`).getAttribute("aria-pressed") === "true"`,
		chromedp.WithPollingTimeout(waitTimeout)))
	if err != nil {
		t.Fatalf("the save button is not pressed in place: %v", err)
	}
	if marker := eval[string](tb, `window.__marker ?? "gone"`); marker != "before saving" {
		t.Errorf("the page was loaded again by saving (window.__marker is %s)", marker)
	}
	tb.openAccountMenu()
	tb.follow(`nav.account-nav a[href="/saved"]`)
	tb.visible("ol.cards.saved")
	if href := tb.attr("ol.cards.saved > li:first-child h2 a", "href"); href != "/papers/"+submittedID {
		t.Errorf("the reading list's first paper is %q, want /papers/%s", href, submittedID)
	}
	if pressed := tb.attr("ol.cards.saved > li:first-child .save-form button", "aria-pressed"); pressed != "true" {
		t.Errorf("on the reading list the paper's save button has aria-pressed %q, want true", pressed)
	}
}

// createToken makes an API token on the settings page, so that the page
// shows it once and lists it.
func createToken(t *testing.T, tb *tab, cs *communitySite) {
	tb.navigate(cs.url + "/settings")
	tb.typeInto("#token-name", "my paper bot")
	tb.follow(`form[action="/settings/tokens"] button[type=submit]`)
	tb.visible("#new-token", "table.tokens")
	if token := tb.text("#new-token"); !strings.HasPrefix(token, "dp_") {
		t.Errorf("the new token is shown as %q", token)
	}
	// The token is shown on this page only: it must fit a phone too.
	for _, v := range viewports {
		tb.do(v.emulate())
		tb.fits()
		tb.review("new-token-" + v.name)
	}
}

// reviewPage loads a page of the signed-in user, who shares the flow's
// cookies, in a fresh tab: it must fit the screen and be readable in both
// themes, and is saved for review with DAILYPAPERS_SCREENSHOTS.
func reviewPage(t *testing.T, browser context.Context, v viewport, addr string) {
	t.Helper()
	tb := newTab(t, browser, v)
	tb.colorScheme("light")
	tb.navigate(addr)
	tb.visible(everyPage...)
	tb.fits()
	tb.readable("light")
	tb.review("light")
	tb.colorScheme("dark")
	tb.readable("dark")
	tb.review("dark")
	tb.noProblems()
}
