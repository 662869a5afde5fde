package browsertest

import "strconv"

// overflowing measures the page against the window: empty when nothing
// sticks out sideways, else the widths and the first elements that do.
//
// The window's width is the root's clientWidth, not innerWidth: on a phone
// innerWidth grows to the width of the content (the browser zooms out to
// fit it), so a page too wide would always seem to fit.
const overflowing = `(() => {
	const w = document.documentElement.clientWidth, sw = document.documentElement.scrollWidth;
	if (sw <= w) return "";
	const wide = [...document.querySelectorAll("body *")]
		.filter(e => e.getBoundingClientRect().right > w + 0.5)
		.slice(0, 5)
		.map(e => {
			let s = e.tagName.toLowerCase();
			if (typeof e.className === "string" && e.className.trim()) s += "." + e.className.trim().split(/\s+/).join(".");
			return s + " (right edge " + Math.round(e.getBoundingClientRect().right) + "px)";
		});
	return "scrollWidth " + sw + "px > clientWidth " + w + "px; wide: " + wide.join(", ");
})()`

// fits checks the page needs no sideways scrolling.
func (tb *tab) fits() {
	tb.t.Helper()
	if why := eval[string](tb, overflowing); why != "" {
		tb.t.Errorf("the page scrolls sideways: %s", why)
	}
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string { return strconv.Quote(s) }
