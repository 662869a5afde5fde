// Package browsertest drives the site in a real browser, headless Chromium
// through chromedp, at a desktop and a phone width: the pages show their key
// elements, log no console errors, fit the screen and work from the keyboard.
// The package holds tests only; this file exists so that it has a name and
// a description.
//
// Chromium is required where CI is set and skipped, with the reason,
// elsewhere. DAILYPAPERS_SCREENSHOTS names a directory for screenshots of
// every page in the light and the dark theme, for reviewing the design;
// the page of a failed test is always saved, there or, without it, in
// dailypapers-screenshots under the system's temporary directory.
package browsertest
