package browsertest

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Bounds on the browser, so that a hang fails the test instead of blocking CI.
const (
	startTimeout = 30 * time.Second // starting Chromium, opening a tab
	pageTimeout  = 30 * time.Second // everything done with one page
	waitTimeout  = 5 * time.Second  // one element to become visible
)

// chromiumPath finds Chromium (Debian's package installs /usr/bin/chromium).
// Without it the test is skipped, except in CI, which installs it.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const why = "Chromium is not installed (apt-get install chromium)"
	if os.Getenv("CI") != "" {
		t.Fatal(why)
	}
	t.Skip(why)
	return ""
}

// newBrowser starts one headless Chromium for the test and returns its
// context; each page opens in a tab of its own (newTab). The browser ends
// with the test.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(allocCtx)
	t.Cleanup(cancel)

	start(t, ctx, "start Chromium")
	return ctx
}

// start runs the first actions of a chromedp context: they start the
// browser or open the tab, whose life they bind to ctx, so ctx cannot carry
// a timeout. The wait for them is bounded here instead.
func start(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx, actions...) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(startTimeout):
		t.Fatalf("%s: no answer in %v", what, startTimeout)
	}
}

// viewport is a screen the pages are seen on.
type viewport struct {
	name          string
	width, height int64
	phone         bool // mobile emulation: touch, the page's viewport meta
}

var viewports = []viewport{
	{name: "desktop", width: 1280, height: 900},
	{name: "phone", width: 360, height: 740, phone: true},
}

func (v viewport) emulate() chromedp.Action[chromedp.Void] {
	if v.phone {
		return chromedp.EmulateViewport(v.width, v.height, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(v.width, v.height)
}

// tab is one page in a tab of the browser. It records what the page
// reports as an error: console.error calls, uncaught exceptions and error
// entries of the browser log (failed loads, Content Security Policy
// violations).
type tab struct {
	t   *testing.T
	ctx context.Context // bounded by pageTimeout

	mu       sync.Mutex
	problems []string
}

// newTab opens a tab at the viewport's size. When the test fails, or
// always when DAILYPAPERS_SCREENSHOTS is set, the page is saved as a
// screenshot at the end of the test.
func newTab(t *testing.T, browser context.Context, v viewport) *tab {
	t.Helper()
	tb := &tab{t: t}
	tabCtx, cancel := chromedp.NewContext(browser, chromedp.WithListener(tb.listen))
	t.Cleanup(cancel)
	start(t, tabCtx, fmt.Sprintf("open a tab at %dx%d", v.width, v.height), v.emulate())
	ctx, cancelPage := context.WithTimeout(tabCtx, pageTimeout)
	t.Cleanup(cancelPage)
	tb.ctx = ctx
	// Registered after cancel, so it runs before the tab closes; with the
	// tab's own context, as the page's may have run out.
	t.Cleanup(func() {
		if t.Failed() {
			tb.screenshot(tabCtx, "failed")
		}
	})
	return tb
}

// listen runs in the tab's event loop: it must return fast and send no
// command.
func (tb *tab) listen(ev any) {
	var problem string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		if ev.Type == runtime.ConsoleAPICalledTypeError {
			var args []string
			for _, a := range ev.Args {
				args = append(args, remoteText(a))
			}
			problem = "console.error: " + strings.Join(args, " ")
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		problem = fmt.Sprintf("uncaught exception at %s:%d: %s", d.URL, d.LineNumber+1, d.Text)
		if d.Exception != nil {
			problem += " " + d.Exception.Description
		}
	case *log.EventEntryAdded:
		if e := ev.Entry; e.Level == log.EntryLevelError {
			problem = fmt.Sprintf("browser log (%s): %s %s", e.Source, e.Text, e.URL)
		}
	}
	if problem != "" {
		tb.mu.Lock()
		tb.problems = append(tb.problems, problem)
		tb.mu.Unlock()
	}
}

func remoteText(o *runtime.RemoteObject) string {
	if len(o.Value) > 0 {
		return string(o.Value)
	}
	return o.Description
}

// navigate loads path of the site and waits for the load event.
func (tb *tab) navigate(url string) {
	tb.t.Helper()
	if err := chromedp.Do(tb.ctx, chromedp.Navigate(url)); err != nil {
		tb.t.Fatalf("load %s: %v", url, err)
	}
}

// noProblems fails the test for every error the page reported.
func (tb *tab) noProblems() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, p := range tb.problems {
		tb.t.Error(p)
	}
}

// visible checks that each selector matches an element that is visible.
func (tb *tab) visible(selectors ...string) {
	tb.t.Helper()
	for _, sel := range selectors {
		ctx, cancel := context.WithTimeout(tb.ctx, waitTimeout)
		err := chromedp.Do(ctx, chromedp.WaitVisible(chromedp.CSS(sel)))
		cancel()
		if err != nil {
			tb.t.Errorf("%s is not visible within %v: %v", sel, waitTimeout, err)
		}
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		tb.t.Fatalf("evaluate %s: %v", expr, err)
	}
	return v
}

// screenshotDir is where screenshots go: DAILYPAPERS_SCREENSHOTS, or a
// directory under the system's temporary one, which outlives the test.
func screenshotDir() string {
	if d := os.Getenv("DAILYPAPERS_SCREENSHOTS"); d != "" {
		return d
	}
	return filepath.Join(os.TempDir(), "dailypapers-screenshots")
}

// screenshot saves the whole page as a PNG named after the test and kind.
func (tb *tab) screenshot(ctx context.Context, kind string) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		tb.t.Logf("screenshot: %v", err)
		return
	}
	name := strings.NewReplacer("/", "_", " ", "_", ":", "_").Replace(tb.t.Name()) + "-" + kind + ".png"
	path := filepath.Join(screenshotDir(), name)
	err = os.MkdirAll(filepath.Dir(path), 0o755)
	if err == nil {
		err = os.WriteFile(path, png, 0o644)
	}
	if err != nil {
		tb.t.Logf("screenshot: %v", err)
		return
	}
	tb.t.Logf("screenshot: %s", path)
}

// review saves the page for a person to look at, when asked to with
// DAILYPAPERS_SCREENSHOTS.
func (tb *tab) review(kind string) {
	if os.Getenv("DAILYPAPERS_SCREENSHOTS") != "" {
		tb.screenshot(tb.ctx, kind)
	}
}
