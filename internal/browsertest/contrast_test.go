package browsertest

import (
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// lowContrast lists the visible text whose colour has less than the WCAG AA
// contrast with the background it is drawn on (4.5:1, or 3:1 for large
// text), empty when there is none. The background is the element's and its
// ancestors' background colours blended down to the first opaque one.
//
// It first finishes the page's transitions: links fade between colours, and
// right after a change of theme they are still on the way.
const lowContrast = `(() => {
	document.getAnimations().forEach(a => a.finish());
	const rgb = s => {
		const m = s.match(/^rgba?\((.+)\)$/);
		if (!m) return null;
		const p = m[1].split(/[\s,\/]+/).filter(Boolean).map(parseFloat);
		return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
	};
	const over = (top, bottom) => [0, 1, 2].map(i => top[i] * top[3] + bottom[i] * (1 - top[3])).concat(1);
	const lum = c => {
		const f = v => (v /= 255) <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
		return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
	};
	const background = e => {
		const layers = [];
		for (let n = e; n; n = n.parentElement) {
			const c = rgb(getComputedStyle(n).backgroundColor);
			if (c && c[3] > 0) {
				layers.push(c);
				if (c[3] >= 1) break;
			}
		}
		let bg = [255, 255, 255, 1];
		for (let i = layers.length - 1; i >= 0; i--) bg = over(layers[i], bg);
		return bg;
	};
	const seen = new Set(), bad = [];
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let t = walk.nextNode(); t; t = walk.nextNode()) {
		const e = t.parentElement;
		if (!t.data.trim() || seen.has(e)) continue;
		seen.add(e);
		const r = e.getBoundingClientRect();
		if (r.width === 0 || r.height === 0 || !e.checkVisibility({visibilityProperty: true, opacityProperty: true})) continue;
		if (e.closest(".visually-hidden, .skip, .katex-mathml")) continue;
		const s = getComputedStyle(e), bg = background(e);
		const fg = over(rgb(s.color) || [0, 0, 0, 1], bg);
		const a = lum(fg), b = lum(bg), ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		const size = parseFloat(s.fontSize), large = size >= 24 || (size >= 18.66 && parseInt(s.fontWeight) >= 700);
		if (ratio >= (large ? 3 : 4.5)) continue;
		let name = e.tagName.toLowerCase();
		if (typeof e.className === "string" && e.className.trim()) name += "." + e.className.trim().split(/\s+/).join(".");
		bad.push(name + " " + JSON.stringify(t.data.trim().slice(0, 30)) + " " + ratio.toFixed(2) + ":1 (" + s.color + " on rgb(" + bg.slice(0, 3).map(Math.round).join(", ") + "))");
	}
	return bad.slice(0, 8).join("; ");
})()`

// readable checks the contrast of the page's text in the current colour
// scheme.
func (tb *tab) readable(scheme string) {
	tb.t.Helper()
	if bad := eval[string](tb, lowContrast); bad != "" {
		tb.t.Errorf("text below WCAG AA contrast in the %s theme: %s", scheme, bad)
	}
}

// colorScheme makes the page prefer the light or the dark theme; the
// styles follow at once, without a reload.
func (tb *tab) colorScheme(scheme string) {
	tb.t.Helper()
	_, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
		Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
	})
	if err != nil {
		tb.t.Fatalf("prefer the %s theme: %v", scheme, err)
	}
}
