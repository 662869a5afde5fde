package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The screens the layout is measured on: the phone and the laptop the
// layout rules of docs/DESIGN.md are written for.
var (
	phone  = viewport{name: "phone", width: 390, height: 844, phone: true}
	laptop = viewport{name: "laptop", width: 1366, height: 768}
)

// firstTitleMax is where, at most, the first paper title of a list may
// start on a phone, signed in or out: the list is what the page is for.
const firstTitleMax = 250

// headerRowMax is the height of one row of the header: the tallest item
// (a 2.5rem button) and the bar's padding, with room to spare.
const headerRowMax = 64

// headerRows counts the rows the header's items are laid out in: an item
// that starts below the bottom of every item of the row so far starts a
// new one.
const headerRows = `(() => {
	const items = [...document.querySelectorAll("header.site .bar > *")]
		.map(e => e.getBoundingClientRect()).filter(r => r.height > 0)
		.sort((a, b) => a.top - b.top);
	let rows = 0, bottom = -Infinity;
	for (const r of items) {
		if (r.top >= bottom - 1) rows++;
		bottom = Math.max(bottom, r.bottom);
	}
	return rows;
})()`

// top is where the first element the selector matches starts, from the
// top of the page, in CSS pixels; -1 when nothing matches.
func (tb *tab) top(sel string) float64 {
	tb.t.Helper()
	return eval[float64](tb, `(() => { const e = document.querySelector(`+jsString(sel)+`);
		return e ? e.getBoundingClientRect().top + window.scrollY : -1; })()`)
}

// firstScreen saves what the window shows, the first screen of the page,
// when DAILYPAPERS_SCREENSHOTS asks for screenshots.
func (tb *tab) firstScreen(kind string) {
	tb.t.Helper()
	dir := os.Getenv("DAILYPAPERS_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.MkdirAll(dir, 0o755)
	}
	if err == nil {
		name := strings.NewReplacer("/", "_", " ", "_").Replace(tb.t.Name()) + "-first-screen-" + kind + ".png"
		err = os.WriteFile(filepath.Join(dir, name), png, 0o644)
	}
	if err != nil {
		tb.t.Logf("screenshot: %v", err)
	}
}

// menuFits opens the account menu and checks its links show inside the
// window.
func (tb *tab) menuFits() {
	tb.t.Helper()
	tb.openAccountMenu()
	tb.visible(`nav.account-nav a[href="/saved"]`, `nav.account-nav a[href="/moderation"]`)
	const box = `(() => { const r = document.querySelector("nav.account-nav .menu ul").getBoundingClientRect();
		return r.left >= 0 && r.right <= document.documentElement.clientWidth; })()`
	if !eval[bool](tb, box) {
		tb.t.Errorf("the open account menu sticks out of the window")
	}
	tb.firstScreen("menu")
	tb.colorScheme("dark")
	tb.readable("dark")
	tb.firstScreen("menu-dark")
	tb.colorScheme("light")
	tb.openAccountMenu() // closes it
}

// signIn gives the browser the session of a new curator, whose header has
// every link an account can have.
func signIn(t *testing.T, s *site, browser context.Context) {
	t.Helper()
	ctx := context.Background()
	a, err := s.store.CreateAccount(ctx, store.Account{Name: "ada_lovelace", Email: "ada@example.org", Role: store.RoleCurator})
	if err != nil {
		t.Fatal(err)
	}
	const cookie = "layout-test-session-secret"
	sess := store.Session{Hash: secret.Hash(cookie), Email: a.Email, CSRF: "csrf", ExpiresAt: time.Now().Add(24 * time.Hour)}
	if err := s.store.CreateSession(ctx, sess, a.ID); err != nil {
		t.Fatal(err)
	}
	httpOnly := true
	_, err = chromedp.Call(browser, network.SetCookie, network.SetCookieParams{Name: "dp_session", Value: cookie, URL: s.url, HTTPOnly: &httpOnly})
	if err != nil {
		t.Fatalf("set the session cookie: %v", err)
	}
}

// TestLayout measures where things are on a phone and a laptop, signed out
// and signed in: the header is one row on the laptop and at most two on
// the phone; on the phone, a paper page shows its abstract and reading
// buttons on the first screen, and a list its first title high up.
func TestLayout(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"))
	for _, signedIn := range []bool{false, true} {
		who := "signed-out"
		if signedIn {
			who = "signed-in"
		}
		t.Run(who, func(t *testing.T) {
			browser := newBrowser(t) // a browser of its own: its cookies
			if signedIn {
				signIn(t, s, browser)
			}
			for _, v := range []viewport{phone, laptop} {
				t.Run(v.name, func(t *testing.T) { checkLayout(t, browser, s, v, signedIn) })
			}
		})
	}
}

func checkLayout(t *testing.T, browser context.Context, s *site, v viewport, signedIn bool) {
	tb := newTab(t, browser, v)
	tb.colorScheme("light")
	for _, path := range []string{"/", "/papers/" + s.paper} {
		tb.navigate(s.url + path)
		if signedIn {
			tb.visible(accountMenu)
		}
		rows := eval[int](tb, headerRows)
		height := eval[float64](tb, `document.querySelector("header.site").getBoundingClientRect().height`)
		t.Logf("%s: the header has %d rows, %.0f px", path, rows, height)
		maxRows := 1
		if v.phone {
			maxRows = 2
		}
		if rows > maxRows || height > float64(maxRows*headerRowMax) {
			t.Errorf("%s: the header has %d rows, %.0f px high; want at most %d", path, rows, height, maxRows)
		}
		tb.fits()
		tb.firstScreen(strings.Trim(strings.ReplaceAll(path, "/", "-"), "-"))
	}
	if signedIn {
		tb.menuFits()
	}
	if !v.phone {
		return
	}

	for _, path := range []string{"/", "/papers/trending"} {
		tb.navigate(s.url + path)
		title := tb.top(firstCard)
		t.Logf("%s: the first title starts at %.0f px", path, title)
		if title < 0 || title > firstTitleMax {
			t.Errorf("%s: the first title starts at %.0f px, want under %d", path, title, firstTitleMax)
		}
	}

	tb.navigate(s.url + "/papers/" + s.paper)
	for _, el := range []struct{ name, sel string }{
		{"arXiv button", `a.button[href^="https://arxiv.org/abs/"]`},
		{"PDF button", `a.button[href^="https://arxiv.org/pdf/"]`},
		{"upvote", ".vote-panel .vote-button"},
		{"save", ".save-panel .save-button"},
		{"abstract", "p.abstract"},
		{"facts", "dl.facts"},
	} {
		y := tb.top(el.sel)
		t.Logf("paper: the %s starts at %.0f px", el.name, y)
		if el.sel == "dl.facts" {
			if abs := tb.top("p.abstract"); y < abs {
				t.Errorf("paper: the facts (%.0f px) come before the abstract (%.0f px)", y, abs)
			}
			continue
		}
		if y < 0 || y >= float64(v.height) {
			t.Errorf("paper: the %s starts at %.0f px, outside the first screen (%d px)", el.name, y, v.height)
		}
	}
	tb.noProblems()
}
