package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
)

type searchResult struct {
	entry
	Title              string `json:"title"`
	HighlightedTitle   string `json:"highlightedTitle"`
	HighlightedSummary string `json:"highlightedSummary"`
}

func search(t *testing.T, s site, q string, extra string) []searchResult {
	t.Helper()
	var out []searchResult
	getOK(t, s.url+"/api/papers/search?q="+url.QueryEscape(q)+extra, &out)
	return out
}

// testSearch: best match first, highlighted and escaped.
func testSearch(t *testing.T, s site) {
	// Searching a real paper's exact title finds it first.
	b, err := os.ReadFile(hfFile("2025-06-25"))
	if err != nil {
		t.Fatal(err)
	}
	var day []map[string]any
	if err := json.Unmarshal(b, &day); err != nil {
		t.Fatal(err)
	}
	for _, e := range day {
		title, id := text(get2(e, "paper", "title")), str(e, "paper", "id")
		if hits := search(t, s, title, ""); len(hits) == 0 || hits[0].Paper.ID != id {
			t.Errorf("search %q: first %v, want %s", title, first(hits), id)
		}
	}

	hits := search(t, s, "AnimaX", "")
	if len(hits) == 0 || hits[0].Paper.ID != "2506.19851" || hits[0].Paper.Upvotes != 21 ||
		!strings.HasPrefix(hits[0].HighlightedTitle, `<span class="highlight">AnimaX</span>: Animating`) {
		t.Fatalf("search AnimaX: %+v", first(hits))
	}

	// Markup in a title is text: escaped, whatever the query.
	hits = search(t, s, "SPARSE attention", "")
	if len(hits) == 0 || hits[0].Paper.ID != scriptID {
		t.Fatalf("search sparse attention: %+v", first(hits))
	}
	h := hits[0]
	if want := `&lt;script&gt;alert(1)&lt;/script&gt; <span class="highlight">Sparse</span> <span class="highlight">Attention</span> for Everyone`; h.HighlightedTitle != want {
		t.Errorf("highlightedTitle\n got %s\nwant %s", h.HighlightedTitle, want)
	}
	if want := `We show that <span class="highlight">sparse</span> <span class="highlight">attention</span> &amp; &lt;b&gt;friends&lt;/b&gt; scale. <span class="highlight">Attention</span>!`; h.HighlightedSummary != want {
		t.Errorf("highlightedSummary\n got %s\nwant %s", h.HighlightedSummary, want)
	}
	if h.Title != "<script>alert(1)</script> Sparse Attention for Everyone" {
		t.Errorf("title %q: the plain field is the text itself", h.Title)
	}
	for _, q := range []string{"script", "<script>", "alert script b"} {
		for _, h := range search(t, s, q, "") {
			for _, html := range []string{h.HighlightedTitle, h.HighlightedSummary} {
				if strings.Contains(html, "<script") || strings.Contains(html, "<b>") {
					t.Errorf("search %q: markup passed through: %s", q, html)
				}
			}
		}
	}

	// A paper on no day is an entry with the paper's fields and no votes.
	hits = search(t, s, "ampersands", "")
	if len(hits) != 1 || hits[0].Paper.ID != oldID || hits[0].Paper.Upvotes != 0 || hits[0].Paper.SubmittedOnDailyAt != "" {
		t.Errorf("search ampersands: %+v", hits)
	}
	if n := len(search(t, s, "model", "&limit=3")); n != 3 {
		t.Errorf("limit=3: %d results", n)
	}
	// How many matched is in a header: the body stays Hugging Face's array.
	var all, three []searchResult
	getOK(t, s.url+"/api/papers/search?q=model&limit=100", &all)
	r := getOK(t, s.url+"/api/papers/search?q=model&limit=3", &three)
	if got := r.header.Get("X-Total-Count"); got != strconv.Itoa(len(all)) || len(all) <= 3 || r.header.Get("X-Total-Count-Is-Lower-Bound") != "" {
		t.Errorf("limit=3: X-Total-Count %q (lower bound %q), want %d", got, r.header.Get("X-Total-Count-Is-Lower-Bound"), len(all))
	}
	if got := get(t, s.url+"/api/papers/search?q=zzzqqq").header.Get("X-Total-Count"); got != "0" {
		t.Errorf("no match: X-Total-Count %q, want 0", got)
	}
	if n := len(search(t, s, "model", "")); n != 20 {
		t.Errorf("default limit: %d results, want 20", n)
	}
	// sort=upvotes: every hit has the one word, so votes decide.
	hits = search(t, s, "model", "&sort=upvotes")
	for i := 1; i < len(hits); i++ {
		if hits[i].Paper.Upvotes > hits[i-1].Paper.Upvotes {
			t.Errorf("sort=upvotes: %d upvotes after %d", hits[i].Paper.Upvotes, hits[i-1].Paper.Upvotes)
		}
	}
	if len(hits) == 0 || hits[0].Paper.Upvotes == 0 {
		t.Errorf("sort=upvotes: %v first", first(hits))
	}
	for _, q := range []string{"", "   ", "!!!"} {
		r := get(t, s.url+"/api/papers/search?q="+url.QueryEscape(q))
		if r.code != http.StatusOK || r.body != "[]" {
			t.Errorf("search %q = %d %s, want []", q, r.code, r.body)
		}
	}
}

func first(hits []searchResult) any {
	if len(hits) == 0 {
		return "nothing"
	}
	return hits[0].Paper.ID + " " + hits[0].HighlightedTitle
}

// testHostileSearch: whatever is typed is a query, never a 500.
func testHostileSearch(t *testing.T, s site) {
	for _, q := range []string{
		`"`, `"unbalanced quote`, `NEAR(attention model)`, `attention NEAR model`, `*`, `model*`, `-model`,
		`title:attention`, `(`, `())((`, `\`, `\\"`, `'; DROP TABLE papers; --`, `' OR 1=1 --`,
		`%`, `_`, `a & b | !c`, `<->`, `'a':*`, "attention\x00model", "\xff\xfe model", "model\u202e",
		`{"$ne": null}`, strings.Repeat("attention ", 500), strings.Repeat("(", 2000), `😀 diffusion`,
		`AND OR NOT`, `^model`, `model~2`, `col:"x"`, strings.Repeat(`"-:()`, 50), "\x01model\x1b[2J\x7f",
		`-"`, `au:`, `year:0000-9999`, `cat:"%"`, `model OR OR -`, `https://arxiv.org/abs/9999.99999`,
	} {
		r := get(t, s.url+"/api/papers/search?q="+url.QueryEscape(q))
		var out []map[string]any
		if r.code != http.StatusOK || json.Unmarshal([]byte(r.body), &out) != nil {
			t.Errorf("search %.40q = %d %.200s", q, r.code, r.body)
		}
	}
}
