package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
)

var paperLink = regexp.MustCompile(`<h2 class="tex"><a href="(/papers/[^"#]+)"`)

// paperLinks lists the papers a list page shows, in order.
func paperLinks(page string) []string {
	var out []string
	for _, m := range paperLink.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestPeriodSearch: ?q= on a week's or a month's page finds only that
// period's papers, says how many matched, keeps the search when stepping to
// another period, and says so when nothing matched, on both databases.
func TestPeriodSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-06-03"), hfDay("2026-08-21"))
		for _, path := range []string{"/papers/week/2026-W34", "/papers/month/2026-06", "/papers/date/2026-08-21"} {
			all := paperLinks(s.page(t, path))
			page := s.page(t, path+"?q=model")
			found := paperLinks(page)
			if len(all) == 0 || len(found) == 0 || len(found) >= len(all) {
				t.Fatalf("%s: %d papers, %d match model; want some but not all", path, len(all), len(found))
			}
			for _, f := range found {
				if !strings.Contains(strings.Join(all, " ")+" ", f+" ") {
					t.Errorf("%s?q=model shows %s, which is not a paper of that period", path, f)
				}
			}
			for _, want := range []string{"papers match, best match first", `name="q" value="model"`, `<mark>`, "All papers of"} {
				if !strings.Contains(page, want) {
					t.Errorf("%s?q=model lacks %q", path, want)
				}
			}
		}
		page := s.page(t, "/papers/week/2026-W34?q=model")
		if !strings.Contains(page, `href="/papers/week/2026-W23?q=model"`) { // the nearest week with papers
			t.Errorf("the earlier week's link forgets the search")
		}
		page = s.page(t, "/papers/week/2026-W34?q=zzqqxx")
		if !strings.Contains(page, "No papers in") || !strings.Contains(page, "match “zzqqxx”") {
			t.Errorf("a search that matches nothing does not say so")
		}
		for _, q := range []string{`"`, `-`, "\xff", strings.Repeat(`(")`, 100)} {
			if r := s.get(t, "/papers/month/2026-08?q="+url.QueryEscape(q)); r.Code != 200 {
				t.Errorf("month search %q = %d", q, r.Code)
			}
		}
	})
}
