package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// forYouPapers are papers on two topics: three older graph papers the
// reader saves, and this week's papers, graph and not.
var forYouPapers = []struct{ id, title, abstract, published string }{
	{"2104.01001", "Graph neural networks for molecules", "Message passing graph neural networks predict molecular properties from atoms and bonds.", "2021-04-10"},
	{"2104.01002", "Scalable graph neural networks", "Sampling neighbours lets graph neural networks with message passing scale to large graphs.", "2021-04-11"},
	{"2104.01003", "Graph attention for node classification", "Attention over graph neighbours improves node classification in graph neural networks.", "2021-04-12"},
	{"2104.02001", "Message passing on large molecular graphs", "A graph neural network with message passing over molecular graphs and bonds.", "2021-04-26"},
	{"2104.02002", "Galaxy rotation curves and dark matter", "We measure rotation curves of spiral galaxies and fit dark matter halos.", "2021-04-26"},
	{"2104.02003", "Graph neural networks for traffic", "Graph neural networks forecast traffic on road graphs with message passing.", "2021-04-27"},
	{"2104.02004", "Protein folding with diffusion", "Diffusion models generate protein structures.", "2021-04-27"},
}

func (cs *communitySite) forYouPapers(t *testing.T) {
	t.Helper()
	var items []store.Item
	for _, p := range forYouPapers {
		at, _ := time.Parse("2006-01-02 15", p.published+" 16")
		items = append(items, store.Item{Paper: paper.Paper{ID: p.id, Version: 1, Title: p.title, Abstract: p.abstract,
			Authors: []paper.Author{{Name: "Ada Lovelace"}}, PublishedAt: at, UpdatedAt: at,
			Versions: []paper.Version{{Version: 1, Date: at}}}})
	}
	if _, err := cs.store.Import(context.Background(), items); err != nil {
		t.Fatal(err)
	}
	if _, err := cs.store.BackfillVectors(context.Background(), 1000); err != nil { // as serve does after an import
		t.Fatal(err)
	}
}

type forYouAnswer struct {
	Enough bool   `json:"enoughSignals"`
	Period string `json:"period"`
	Papers []struct {
		Paper  struct{ ID string } `json:"paper"`
		Title  string              `json:"title"`
		Reason string              `json:"reason"`
		Like   struct{ ID, Title string }
	} `json:"papers"`
}

func (a forYouAnswer) ids() []string {
	var out []string
	for _, p := range a.Papers {
		out = append(out, p.Paper.ID)
	}
	return out
}

// TestForYou: the For you API and page on both databases. Anonymous
// readers get 401 from the API and an explanation from the page; below
// three saves the reader is told so; the picks never hold what the reader
// saved or dismissed, say why, are the reader's own, and a removed save
// stops counting.
func TestForYou(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.forYouPapers(t)
		anon := cs.browser(t)
		if r := anon.get("/api/papers/for-you"); r.Code != 401 {
			t.Errorf("anonymous API = %d %s, want 401", r.Code, r.Body)
		}
		if r := anon.get("/papers/for-you"); r.Code != 200 || !strings.Contains(r.Body, `id="foryou-signin"`) || !strings.Contains(r.Body, "/signin?next=/papers/for-you") {
			t.Errorf("anonymous page = %d:\n%.1500s", r.Code, r.Body)
		}
		ada, bob := cs.browser(t), cs.browser(t)
		ada.signIn("ada@example.org", "ada")
		bob.signIn("bob@example.org", "bob")
		csrf := ada.csrf()
		tok := regexpFind(t, `id="new-token">(dp_[A-Za-z0-9_-]+)<`, ada.post("/settings/tokens", url.Values{"csrf": {csrf}, "name": {"bot"}}).Body)
		for _, q := range []string{"?limit=0", "?limit=101", "?week=2021-17", "?date=2021-04-27&week=2021-W17", "?date=2099-01-01"} {
			if code, out, _ := cs.api(t, "GET", "/api/papers/for-you"+q, tok, nil); code != 400 || out["error"] == "" {
				t.Errorf("for-you%s = %d %v, want 400", q, code, out)
			}
		}
		get := func(b *browser, q string) forYouAnswer {
			t.Helper()
			r := b.get("/api/papers/for-you"+q, "Authorization", "Bearer "+tok)
			if b != ada {
				r = b.get("/api/papers/for-you" + q) // the session cookie
			}
			var a forYouAnswer
			if r.Code != 200 || json.Unmarshal([]byte(r.Body), &a) != nil {
				t.Fatalf("for-you%s = %d %s", q, r.Code, r.Body)
			}
			if cc := r.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
				t.Errorf("for-you Cache-Control %q, want private", cc)
			}
			return a
		}

		save := func(b *browser, id string, on bool) {
			t.Helper()
			cs.clock.Advance(time.Minute)
			v := "1"
			if !on {
				v = "0"
			}
			if r := b.post("/papers/"+id+"/save", url.Values{"csrf": {b.csrf()}, "save": {v}}); r.Code != 303 {
				t.Fatalf("save %s = %d", id, r.Code)
			}
		}
		save(ada, "2104.01001", true)
		save(ada, "2104.01002", true)
		if a := get(ada, ""); a.Enough || len(a.Papers) != 0 || a.Period != "2021-W17" {
			t.Errorf("two saves: %+v, want not enough signals for 2021-W17", a)
		}
		if r := ada.get("/papers/for-you"); r.Code != 200 || !strings.Contains(r.Body, "Save or upvote 3 papers") {
			t.Errorf("page with two saves = %d:\n%.2000s", r.Code, r.Body)
		}
		save(ada, "2104.01003", true)
		save(ada, "2104.02003", true) // this week's: never recommended back
		a := get(ada, "")
		if !a.Enough || len(a.Papers) == 0 || a.Papers[0].Paper.ID != "2104.02001" {
			t.Fatalf("four saves: %+v, want 2104.02001 first", a)
		}
		for _, p := range a.Papers {
			if p.Paper.ID == "2104.02003" || strings.HasPrefix(p.Paper.ID, "2104.01") {
				t.Errorf("for-you returns %s, which ada saved or which is not of the week", p.Paper.ID)
			}
		}
		if p := a.Papers[0]; !strings.Contains(p.Reason, "which you saved") || p.Like.ID == "" || !strings.Contains(p.Reason, p.Like.Title) {
			t.Errorf("first pick's reason %q, like %+v", p.Reason, p.Like)
		}
		if m := get(ada, "?month=2021-04&limit=1"); len(m.Papers) != 1 || m.Period != "2021-04" {
			t.Errorf("month, limit 1: %+v", m)
		}
		if b := get(bob, ""); b.Enough || len(b.Papers) != 0 {
			t.Errorf("bob sees %+v, want his own empty list", b)
		}

		page := ada.get("/papers/for-you")
		if page.Code != 200 || !strings.Contains(page.Body, `id="pick-2104-02001"`) || !strings.Contains(page.Body, "which you saved") ||
			!strings.Contains(page.Body, `action="/papers/2104.02001/dismiss"`) || strings.Contains(page.Body, `id="pick-2104-02003"`) {
			t.Errorf("ada's page = %d:\n%.3000s", page.Code, page.Body)
		}
		if cc := page.Header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("page Cache-Control %q, want private", cc)
		}
		if r := ada.get("/papers/for-you/date/2021-04-26"); r.Code != 200 || !strings.Contains(r.Body, `id="pick-2104-02001"`) || strings.Contains(r.Body, `id="pick-2104-02004"`) {
			t.Errorf("ada's day page = %d", r.Code)
		}
		if r := ada.get("/papers/for-you/week/nonsense"); r.Code != 400 {
			t.Errorf("bad week page = %d, want 400", r.Code)
		}

		// Not interested, from the page: back to the page, gone from it.
		r := ada.post("/papers/2104.02001/dismiss", url.Values{"csrf": {csrf}, "dismiss": {"1"}, "next": {"/papers/for-you/week/2021-W17"}})
		if r.Code != 303 || r.Header.Get("Location") != "/papers/for-you/week/2021-W17" {
			t.Errorf("dismiss = %d %q", r.Code, r.Header.Get("Location"))
		}
		if ids := get(ada, "").ids(); strings.Contains(strings.Join(ids, " "), "2104.02001") {
			t.Errorf("after dismissing 2104.02001: %v", ids)
		}

		// A removed save stops counting: two left is not enough.
		save(ada, "2104.01001", false)
		save(ada, "2104.02003", false)
		if a := get(ada, ""); a.Enough {
			t.Errorf("after removing saves: %+v, want not enough signals", a)
		}
	})
}
