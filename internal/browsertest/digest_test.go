package browsertest

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/google/go-cmp/cmp"
)

// The address a reader subscribes, and the topics they then choose.
const (
	readerEmail   = "reader@example.org"
	readerCats    = "cs.LG, cs.CL"
	readerKeyword = "diffusion"
)

// TestDigestSubscription does in a real browser what a reader of the
// digest does: subscribes from the box in the footer of the home page,
// confirms with the button of the mailed link, picks the weekly digest and
// topics on the preferences page, and unsubscribes from the page of the
// unsubscribe link. The store is asked at each step; a GET of a link
// changes nothing. The pages fit a phone, are readable in both themes, and
// nothing logs an error or breaks the Content Security Policy.
func TestDigestSubscription(t *testing.T) {
	browser := newBrowser(t)
	cs := newCommunitySite(t)
	tb := newTab(t, browser, viewports[0])
	tb.colorScheme("light")

	tb.navigate(cs.url + "/")
	subscribeInFooter(t, tb, cs)
	token := confirmByMail(t, tb, cs)
	choosePreferences(t, tb, cs, token)
	tb.noProblems()

	for _, v := range viewports {
		for _, page := range []struct{ name, path string }{
			{"subscribe", "/subscribe"}, {"preferences", "/subscription/" + token}, {"unsubscribe", "/unsubscribe/" + token},
		} {
			t.Run(v.name+"/"+page.name, func(t *testing.T) {
				reviewPage(t, browser, v, cs.url+page.path)
			})
		}
	}

	unsubscribeByPage(t, tb, cs, token)
	tb.noProblems()
}

// subscribeInFooter subscribes with the form every page has in its footer:
// the page asks to confirm by mail, and the address waits for that.
func subscribeInFooter(t *testing.T, tb *tab, cs *communitySite) {
	const box = "footer.site form.subscribe-box"
	tb.visible(box + " #footer-email")
	if label := tb.text(box + ` label[for="footer-email"]`); label != "Get the day’s top papers in your inbox" {
		t.Errorf("the footer's subscribe box is labelled %q", label)
	}
	tb.typeInto("#footer-email", readerEmail)
	tb.follow(box + " button[type=submit]")
	if h1 := tb.text("main h1"); h1 != "Check your inbox" {
		t.Fatalf("after subscribing the page says %q, want Check your inbox", h1)
	}
	if got := tb.text(`main [role=status] strong`); got != readerEmail {
		t.Errorf("the page names the address %q, want %q", got, readerEmail)
	}
	tb.review("inbox")
	cs.status(t, "after subscribing", store.SubPending)
}

// confirmByMail opens the link of the confirmation mail, whose page
// changes nothing until its button is pressed, and returns the token of
// the preferences link the confirmed page leads to.
func confirmByMail(t *testing.T, tb *tab, cs *communitySite) string {
	msgs := cs.smtp.WaitFor(t, 1, 10*time.Second)
	if to := msgs[0].To; len(to) != 1 || to[0] != readerEmail {
		t.Errorf("the confirmation goes to %v, want %s", to, readerEmail)
	}
	tb.navigate(mailtest.LinkIn(t, msgs[0], cs.url+"/subscribe/confirm?token="))
	if h1 := tb.text("main h1"); h1 != "Confirm your subscription" {
		t.Fatalf("the mailed link opens a page saying %q", h1)
	}
	tb.review("confirm")
	cs.status(t, "after opening the mailed link", store.SubPending)

	tb.follow(`form[action="/subscribe/confirm"] button[type=submit]`)
	if h1 := tb.text("main h1"); h1 != "You are subscribed" {
		t.Fatalf("after pressing Confirm the page says %q, want You are subscribed", h1)
	}
	tb.review("confirmed")
	sub := cs.status(t, "after pressing Confirm", store.SubActive)
	if sub.ConsentAt.IsZero() || sub.ConsentIP == "" {
		t.Errorf("the consent is not recorded: at %v from %q", sub.ConsentAt, sub.ConsentIP)
	}

	tb.follow(`main a[href^="/subscription/"]`)
	token, ok := strings.CutPrefix(tb.path(), "/subscription/")
	if !ok || token != sub.Token {
		t.Fatalf("the preferences link leads to %s, want /subscription/ and the subscriber's token", tb.path())
	}
	return token
}

// choosePreferences picks the weekly digest, two categories and a keyword:
// the page says they are saved, the store has them, and the form shows
// them when the page is opened again.
func choosePreferences(t *testing.T, tb *tab, cs *communitySite, token string) {
	if h1 := tb.text("main h1"); h1 != "Your digest" {
		t.Errorf("the preferences page is headed %q, want Your digest", h1)
	}
	if !tb.checked("#freq-daily") || tb.checked("#freq-weekly") {
		t.Errorf("a new subscription's form does not show the daily digest chosen")
	}
	tb.review("preferences")
	tb.do(chromedp.Click(chromedp.CSS(`label[for="freq-weekly"]`)))
	tb.typeInto("#sub-categories", readerCats)
	tb.typeInto("#sub-keywords", readerKeyword)
	tb.follow(`form[action="/subscription/` + token + `"] button[type=submit]`)
	if notice := tb.text(`main p.notice[role=status]`); !strings.HasPrefix(notice, "Saved") {
		t.Errorf("after Save the page says %q, want Saved…", notice)
	}
	tb.review("saved")
	tb.showsChoices("on the page after Save")

	sub := cs.status(t, "after Save", store.SubActive)
	want := store.Subscriber{Frequency: "weekly", Categories: []string{"cs.LG", "cs.CL"}, Keywords: []string{readerKeyword}}
	got := store.Subscriber{Frequency: sub.Frequency, Categories: sub.Categories, Keywords: sub.Keywords}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("the stored preferences (-want +got):\n%s", diff)
	}

	// Opened again (a reload of the answer to the POST would post again).
	tb.navigate(cs.url + "/subscription/" + token)
	if n := eval[int](tb, `document.querySelectorAll("main p.notice").length`); n != 0 {
		t.Errorf("opened again, the preferences page shows %d notices: %q", n, tb.text("main p.notice"))
	}
	tb.showsChoices("opened again")
}

// showsChoices checks the preferences form shows the reader's choices.
func (tb *tab) showsChoices(when string) {
	tb.t.Helper()
	daily, weekly := tb.checked("#freq-daily"), tb.checked("#freq-weekly")
	cats, kws := tb.value("#sub-categories"), tb.value("#sub-keywords")
	if daily || !weekly || cats != readerCats || kws != readerKeyword {
		tb.t.Errorf("%s the form shows daily %v, weekly %v, categories %q, keywords %q; want weekly, %q, %q",
			when, daily, weekly, cats, kws, readerCats, readerKeyword)
	}
}

// unsubscribeByPage opens the unsubscribe link, which only shows a button
// (mail scanners follow links), and presses it.
func unsubscribeByPage(t *testing.T, tb *tab, cs *communitySite, token string) {
	tb.navigate(cs.url + "/unsubscribe/" + token)
	if h1 := tb.text("main h1"); h1 != "Unsubscribe" {
		t.Errorf("the unsubscribe link opens a page headed %q", h1)
	}
	if q := tb.text(`form[action="/unsubscribe/` + token + `"] p`); q != "Stop sending the digest to "+readerEmail+"?" {
		t.Errorf("the unsubscribe page asks %q", q)
	}
	tb.review("unsubscribe")
	cs.status(t, "after opening the unsubscribe link", store.SubActive)

	tb.follow(`form[action="/unsubscribe/` + token + `"] button[type=submit]`)
	if h1 := tb.text("main h1"); h1 != "You are unsubscribed" {
		t.Fatalf("after pressing Unsubscribe the page says %q, want You are unsubscribed", h1)
	}
	tb.review("unsubscribed")
	cs.status(t, "after pressing Unsubscribe", store.SubUnsubscribed)
	// Changing one's mind starts from the form, with the address filled in.
	tb.follow(`main a[href^="/subscribe?email="]`)
	if got := tb.value("#sub-email"); got != readerEmail {
		t.Errorf("Subscribe again fills in the address %q, want %q", got, readerEmail)
	}
	cs.status(t, "after following Subscribe again", store.SubUnsubscribed)

	// The link again: nothing left to press.
	tb.navigate(cs.url + "/unsubscribe/" + token)
	if n := eval[int](tb, `document.querySelectorAll("main form").length`); n != 0 {
		t.Errorf("opened after unsubscribing, the page still has %d forms", n)
	}
}

// status checks the reader's subscription is in the state want, and
// returns it.
func (cs *communitySite) status(t *testing.T, when, want string) store.Subscriber {
	t.Helper()
	sub, err := cs.store.SubscriberByEmail(context.Background(), readerEmail)
	if err != nil {
		t.Fatalf("%s: %v", when, err)
	}
	if sub.Status != want {
		t.Errorf("%s the subscription is %s, want %s", when, sub.Status, want)
	}
	return sub
}

// checked reports whether the checkbox or radio button sel is checked.
func (tb *tab) checked(sel string) bool {
	tb.t.Helper()
	return eval[bool](tb, `document.querySelector(`+jsString(sel)+`)?.checked ?? false`)
}

// value is the current value of the field sel.
func (tb *tab) value(sel string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(`+jsString(sel)+`)?.value ?? ""`)
}
