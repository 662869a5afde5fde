package web_test

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestPages requests every kind of page over two real days and checks its
// key elements.
func TestPages(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-06-03"), hfDay("2026-08-21"))
		tests := []struct {
			path     string
			articles int
			want     []string
		}{
			{"/", 17, []string{
				`<h1><time datetime="2026-08-21">Friday, 21 August 2026</time></h1>`, "17 papers, most upvoted first",
				`<link rel="alternate" type="application/rss+xml" title="Daily Papers (RSS)" href="/feeds/latest/rss">`,
				`<link rel="alternate" type="application/atom+xml"`, `<link rel="alternate" type="application/feed+json"`,
				`<a href="/feeds/latest/rss" type="application/rss+xml">RSS</a>`,
				`<a class="prev" href="/papers/date/2026-06-03" rel="prev">`,
				`<a href="/papers/date/2026-08-21" aria-current="page">Day</a>`,
				`<a href="/papers/week/2026-W34">Week</a>`, `<a href="/papers/month/2026-08">Month</a>`,
				`<input type="date" id="pick-date" name="date" value="2026-08-21" max="2026-08-25" required>`,
				`<a href="/papers" aria-current="true">Daily</a>`,
				`<a href="/papers/2608.19880">EnvHarness: Awakening Static Worlds for Agent Learning</a>`,
				`<span class="count">163</span> <span class="unit">upvotes</span>`,
				`<a class="code" href="https://github.com/google-research/envharness">google-research/envharness</a>`,
				`<a href="https://arxiv.org/abs/2608.19880">arXiv:2608.19880</a>`,
				`Chengsong Huang, Zifeng Wang, Rujun Han, Jun Yan and 13 more`,
				`<li class="by">Submitted by <a class="hf-user" href="https://huggingface.co/taesiri" rel="nofollow"><span class="username">taesiri</span></a> on Hugging Face</li>`, `rel="nofollow">1 comment on Hugging Face</a>`,
			}},
			{"/papers", 17, []string{`<time datetime="2026-08-21">`, `href="/feeds/latest/rss"`}},
			{"/papers/date/2026-06-03", 23, []string{
				`<h1><time datetime="2026-06-03">Wednesday, 3 June 2026</time></h1>`, "23 papers",
				`<a class="next" href="/papers/date/2026-08-21" rel="next">Fri 21 Aug`,
				`href="/feeds/date/2026-06-03/rss"`,
			}},
			{"/papers/week/2026-W34", 17, []string{
				`<time datetime="2026-W34">Week 34 of 2026`, `<a class="prev" href="/papers/week/2026-W23" rel="prev">`, // the nearest week with papers
				`<a href="/papers/week/2026-W34" aria-current="page">Week</a>`, `<input type="hidden" name="view" value="week">`,
				`href="/feeds/week/2026-W34/rss"`, `<a href="/papers/week" aria-current="true">Weekly</a>`,
				`<time datetime="2026-08-21">Fri 21 Aug</time>`, // cards of a week name their day
			}},
			{"/papers/month/2026-06", 23, []string{
				`<time datetime="2026-06">June 2026</time>`, `<a class="next" href="/papers/month/2026-08" rel="next">August 2026`,
				`href="/feeds/month/2026-06/rss"`,
			}},
			{"/papers/trending", 17, []string{
				"<h1>Trending papers</h1>", strings.ReplaceAll(paper.TrendingFormula, "+", "&#43;"),
				"its upvotes plus one, divided by\nits age in hours plus two, raised to the power 1.5",
				`href="/feeds/trending/rss"`, `<li class="score" title="Trending score">Score `,
			}},
			{"/papers?q=agent+learning", -1, []string{
				`Papers matching “agent learning”`, `<input id="q" type="search" name="q" value="agent learning"`,
				`<a href="/papers/2608.19880">EnvHarness: Awakening Static Worlds for <mark>Agent</mark> <mark>Learning</mark></a>`,
				`href="/feeds/search/rss?q=agent&#43;learning"`, `<meta name="robots" content="noindex">`,
			}},
			{"/papers?q=", 0, []string{"Search finds words in titles, abstracts and author names"}},
			{"/papers?q=zzzqqqxxx", 0, []string{"No papers match."}},
			{"/papers?q=EnvHarness", -1, []string{"1 paper matches, best match first"}},
			{"/papers/2608.19880", 0, []string{
				`<h1 id="paper-title" class="tex">EnvHarness: Awakening Static Worlds for Agent Learning</h1>`,
				`<li><span class="name">Chen-Yu Lee</span></li>`, // every author, not "and N more"
				`<a class="button primary" href="https://arxiv.org/abs/2608.19880">`, `href="https://arxiv.org/pdf/2608.19880"`,
				`href="https://arxiv.org/html/2608.19880"`, `Code: google-research/envharness ★ 8</a>`,
				`<span class="count">163</span>`, `<p class="by">Submitted by <a class="hf-user" href="https://huggingface.co/taesiri" rel="nofollow"><span class="username">taesiri</span></a> on Hugging Face</p>`,
				`<a href="/papers/date/2026-08-21"><time datetime="2026-08-21">Friday, 21 August 2026</time></a>`,
				`<h2 id="abstract-title">Abstract</h2>`, `<h2 id="ai-summary-title">AI summary</h2>`,
				`<section id="discussion"`, "0 comments here · <a class=\"hf-comments\" href=\"https://huggingface.co/papers/2608.19880#community\" rel=\"nofollow\">1 on Hugging Face</a> (read it there)", `href="/signin?next=/papers/2608.19880"`,
				`<h2 id="similar-title">Similar papers</h2>`, `<p class="how">Papers whose titles and abstracts use the most of this paper&#39;s distinctive words (tf-idf cosine).</p>`,
				`<link rel="alternate" type="text/markdown" title="This paper as Markdown" href="/papers/2608.19880.md">`,
			}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				body := s.page(t, tt.path)
				if n := strings.Count(body, "<article>"); tt.articles >= 0 && n != tt.articles {
					t.Errorf("%d paper cards, want %d", n, tt.articles)
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("page lacks %s", w)
					}
				}
			})
		}
	})
}

// TestPaperMetadata shows a paper page's arXiv metadata, from real arXiv
// records: versions, two DOIs, journal reference, licence, TeX, an old-style
// id and affiliations.
func TestPaperMetadata(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, arxivRaw, arxivAstro)
		tests := []struct {
			path string
			want []string
		}{
			{"/papers/0704.1586", []string{
				`class="tex">Core excitation in the elastic scattering and breakup of $^{11}$Be on protons</h1>`,
				`<a href="https://doi.org/10.1103/PhysRevC.76.014611">10.1103/PhysRevC.76.014611</a><br><a href="https://doi.org/10.1103/PhysRev.C77.049901">`,
				`<dt>Journal ref.</dt><dd>Phys.Rev.C76:014611,2007`,
				`<link rel="preload" href="/static/`, `katex.min.css" as="style">`, `katex.min.js" as="script">`,
				`math.js" data-katex-css="/static/`, `auto-render.min.js"></script>`,
				`<dt>Versions</dt>`, `<li class="primary"><a href="https://arxiv.org/list/nucl-th/recent">nucl-th</a></li>`,
				"Papers are discussed once they are on the daily feed", // on no day: no upvotes either
			}},
			{"/papers/0704.0716", []string{
				`<li>v1: <time datetime="2007-04-05">5 Apr 2007</time>`, `<li>v4: <time datetime=`,
				`<dt>Sent to arXiv by</dt>`, `<dt>Licence</dt>`,
			}},
			{"/papers/astro-ph/0601001", []string{
				`<li><span class="name">Andrew Gould</span> <span class="aff">(Ohio State)</span></li>`,
				`<span class="name">Andrzej Udalski</span> <span class="aff">(Warsaw University Observatory)</span>`,
				`<dt>Journal ref.</dt><dd>ActaAstron.56:1-50,2006</dd>`, `<dt>Comments</dt><dd>62 pages`,
				`href="https://arxiv.org/pdf/astro-ph/0601001"`,
			}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				body := s.page(t, tt.path)
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("page lacks %s", w)
					}
				}
				if strings.Contains(body, "vote-panel") {
					t.Errorf("a paper on no day shows upvotes")
				}
			})
		}
		if body := s.page(t, "/papers/astro-ph/0601001"); strings.Contains(body, "katex") {
			t.Errorf("a page without TeX loads KaTeX")
		}
	})
}

// TestEmptyPeriods: a day without papers says so and links the nearest days
// that have some; a future day says it is in the future.
func TestEmptyPeriods(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		s := newSite(t, dsn, hfDay("2026-06-03"), hfDay("2026-08-21"))
		tests := []struct {
			path string
			want []string
		}{
			{"/papers/date/2026-08-22", []string{
				"No papers on Saturday, 22 August 2026.", "The nearest days with papers:",
				`<li><a href="/papers/date/2026-08-21">← Earlier: Friday, 21 August 2026</a></li>`,
			}},
			{"/papers/date/2026-07-01", []string{
				`<a href="/papers/date/2026-06-03">← Earlier: Wednesday, 3 June 2026</a>`,
				`<a href="/papers/date/2026-08-21">Later: Friday, 21 August 2026 →</a>`,
				`<a class="prev" href="/papers/date/2026-06-03" rel="prev">`, `<a class="next" href="/papers/date/2026-08-21" rel="next">`,
			}},
			{"/papers/week/2026-W28", []string{
				"No papers in Week 28 of 2026", "The nearest weeks with papers:",
				`<a href="/papers/week/2026-W23">← Earlier: Week 23 of 2026`, `<a href="/papers/week/2026-W34">Later: Week 34 of 2026`,
				`<a class="prev" href="/papers/week/2026-W23" rel="prev">`, `<a class="next" href="/papers/week/2026-W34" rel="next">`,
			}},
			{"/papers/month/2026-07", []string{
				`<a class="prev" href="/papers/month/2026-06" rel="prev">`, `<a class="next" href="/papers/month/2026-08" rel="next">`,
			}},
			{"/papers/date/2026-09-01", []string{
				"No papers yet: Tuesday, 1 September 2026 is in the future.",
				`<a href="/papers/date/2026-08-21">← Earlier: Friday, 21 August 2026</a>`,
			}},
			{"/papers/month/2026-09", []string{"No papers yet: September 2026 is in the future."}},
		}
		for _, tt := range tests {
			t.Run(tt.path, func(t *testing.T) {
				body := s.page(t, tt.path)
				if strings.Contains(body, "<article>") {
					t.Errorf("an empty period shows papers")
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("page lacks %s", w)
					}
				}
			})
		}
		// The current week has no next week to go to.
		if body := s.page(t, "/papers/week/2026-W35"); strings.Contains(body, `rel="next"`) {
			t.Errorf("the current week links a next week")
		}
	})
}

func TestEmptySite(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"))
	for _, path := range []string{"/", "/papers", "/papers/trending"} {
		if body := s.page(t, path); !strings.Contains(body, "No papers") {
			t.Errorf("%s on an empty site:\n%s", path, body)
		}
	}
	if body := s.page(t, "/"); !strings.Contains(body, "No papers here yet") {
		t.Errorf("/ on an empty site does not say how to get papers")
	}
	if r := s.get(t, "/papers/week"); r.Code != 302 || r.Header.Get("Location") != "/papers/week/2026-W35" {
		t.Errorf("/papers/week on an empty site = %d %s, want this week", r.Code, r.Header.Get("Location"))
	}
}

func TestUpvoteOrder(t *testing.T) {
	s := newSite(t, storetest.DSN(t, "sqlite"), hfDay("2026-08-21"))
	votes := regexp.MustCompile(`<span class="count">(\d+)</span>`).FindAllStringSubmatch(s.page(t, "/"), -1)
	if len(votes) != 17 {
		t.Fatalf("found %d upvote counts, want 17", len(votes))
	}
	last := 1 << 30
	for _, m := range votes {
		n, _ := strconv.Atoi(m[1])
		if n > last {
			t.Fatalf("upvotes not descending: %d after %d", n, last)
		}
		last = n
	}
}
