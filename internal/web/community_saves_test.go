package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestReadingList: saving from the site and the API on both databases.
// Saving any stored paper (on the feed or not) is idempotent; the list is
// its owner's alone; notes are plain text, bounded; BibTeX comes as a
// file; "not interested" is recorded and undone; the API answers 401, 404,
// 200 and 204 as documented.
func TestReadingList(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		const p1, p2, old = "2104.90001", "2104.90002", "hep-th/9901001"
		cs.freshPapers(t, p1, p2, old)
		ada, bob := cs.browser(t), cs.browser(t)
		ada.signIn("ada@example.org", "ada")
		bob.signIn("bob@example.org", "bob")
		csrf := ada.csrf()

		// Without the form's token: refused, nothing saved.
		if r := ada.post("/papers/"+p1+"/save", url.Values{"save": {"1"}}); r.Code != 403 {
			t.Errorf("save without CSRF = %d, want 403", r.Code)
		}
		for _, id := range []string{p1, p2, p1, old} {
			cs.clock.Advance(time.Minute)
			r := ada.post("/papers/"+id+"/save", url.Values{"csrf": {csrf}, "save": {"1"}}, "Referer", cs.url+"/papers/"+id)
			if r.Code != 303 || r.Header.Get("Location") != "/papers/"+id+"#save-"+strings.NewReplacer("/", "-", ".", "-").Replace(id) {
				t.Errorf("save %s = %d, Location %q", id, r.Code, r.Header.Get("Location"))
			}
		}
		r := ada.post("/papers/"+p2+"/save", url.Values{"csrf": {csrf}, "save": {"0"}}, "Accept", "application/json")
		if r.Code != 200 || strings.TrimSpace(r.Body) != `{"saved":false}` {
			t.Errorf("unsave by script = %d %s", r.Code, r.Body)
		}
		if r := ada.post("/papers/2104.99999/save", url.Values{"csrf": {csrf}, "save": {"1"}}); r.Code != 404 {
			t.Errorf("save of an unknown paper = %d, want 404", r.Code)
		}

		// A note, shown escaped; too long a note is refused.
		hostile := `<script>alert(1)</script> & "quotes"`
		if r := ada.post("/papers/"+p1+"/note", url.Values{"csrf": {csrf}, "note": {hostile}}); r.Code != 303 {
			t.Errorf("note = %d: %.300s", r.Code, r.Body)
		}
		if r := ada.post("/papers/"+p1+"/note", url.Values{"csrf": {csrf}, "note": {strings.Repeat("x", community.MaxNote+1)}}); r.Code != 400 {
			t.Errorf("too long a note = %d, want 400", r.Code)
		}
		if r := bob.post("/papers/"+p1+"/note", url.Values{"csrf": {bob.csrf()}, "note": {"bob's"}}); r.Code != 404 {
			t.Errorf("bob's note on a paper he did not save = %d, want 404", r.Code)
		}

		page := ada.get("/saved")
		if page.Code != 200 || strings.Contains(page.Body, "<script>alert") || !strings.Contains(page.Body, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;quotes&#34;") {
			t.Errorf("/saved = %d; want the note escaped:\n%.2000s", page.Code, page.Body)
		}
		oldAt, p1At := strings.Index(page.Body, `id="saved-hep-th-9901001"`), strings.Index(page.Body, `id="saved-2104-90001"`)
		if oldAt < 0 || p1At < 0 || oldAt > p1At || strings.Contains(page.Body, `id="saved-2104-90002"`) {
			t.Errorf("/saved lists hep-th/9901001 at %d, %s at %d; want the latest first, and not %s", oldAt, p1, p1At, p2)
		}
		if !strings.Contains(page.Body, `aria-pressed="true"`) {
			t.Error("/saved: the save buttons do not show the papers as saved")
		}
		if b := bob.get("/saved"); b.Code != 200 || strings.Contains(b.Body, p1) || !strings.Contains(b.Body, "Nothing saved yet") {
			t.Errorf("bob's /saved = %d; want his own, empty list", b.Code)
		}
		if r := cs.browser(t).get("/saved"); r.Code != 303 || !strings.HasPrefix(r.Header.Get("Location"), "/signin") {
			t.Errorf("anonymous /saved = %d %q, want a redirect to sign in", r.Code, r.Header.Get("Location"))
		}
		if r := cs.browser(t).get("/saved.bib"); r.Code != 401 {
			t.Errorf("anonymous /saved.bib = %d, want 401", r.Code)
		}

		bib := ada.get("/saved.bib")
		if bib.Code != 200 || bib.Header.Get("Content-Type") != "application/x-bibtex; charset=utf-8" ||
			!strings.Contains(bib.Header.Get("Content-Disposition"), `filename="reading-list.bib"`) ||
			strings.Count(bib.Body, "@misc{") != 2 || !strings.Contains(bib.Body, "eprint={hep-th/9901001}") {
			t.Errorf("/saved.bib = %d %q:\n%s", bib.Code, bib.Header, bib.Body)
		}
		one := cs.browser(t).get("/papers/" + old + ".bib")
		if one.Code != 200 || !strings.Contains(one.Header.Get("Content-Disposition"), `filename="hep-th-9901001.bib"`) ||
			!strings.HasPrefix(one.Body, "@misc{lovelace") || !strings.Contains(one.Body, "url={https://arxiv.org/abs/hep-th/9901001},") {
			t.Errorf("/papers/%s.bib = %d %q:\n%s", old, one.Code, one.Header, one.Body)
		}
		if r := cs.browser(t).get("/papers/arXiv:" + p1 + "v2.bib"); r.Code != 301 || r.Header.Get("Location") != "/papers/"+p1+".bib" {
			t.Errorf("/papers/arXiv:…v2.bib = %d %q, want a redirect to the canonical address", r.Code, r.Header.Get("Location"))
		}
		if r := cs.browser(t).get("/papers/2104.99999.bib"); r.Code != 404 {
			t.Errorf("BibTeX of an unknown paper = %d, want 404", r.Code)
		}

		// Not interested, on the site: recorded, undone.
		if r := ada.post("/papers/"+p2+"/dismiss", url.Values{"csrf": {csrf}, "dismiss": {"1"}}); r.Code != 303 {
			t.Errorf("dismiss = %d", r.Code)
		}
		acct, err := cs.store.AccountByName(t.Context(), "ada")
		if err != nil {
			t.Fatal(err)
		}
		if sig, _ := cs.store.ReaderSignals(t.Context(), acct.ID, 10); len(sig.Dismissed) != 1 || sig.Dismissed[0] != p2 {
			t.Errorf("dismissed = %v, want [%s]", sig.Dismissed, p2)
		}

		// The API: a token, any form of the id.
		cs.clock.Advance(time.Minute)
		tok := regexpFind(t, `id="new-token">(dp_[A-Za-z0-9_-]+)<`, ada.post("/settings/tokens", url.Values{"csrf": {csrf}, "name": {"bot"}}).Body)
		steps := []struct {
			method, path, token string
			body                any
			want                int
		}{
			{"POST", "/api/papers/" + p2 + "/save", "", nil, 401},
			{"POST", "/api/papers/" + p2 + "/save", "dp_forged", nil, 401},
			{"DELETE", "/api/papers/" + p2 + "/dismiss", "", nil, 401},
			{"POST", "/api/papers/2104.99999/save", tok, nil, 404},
			{"POST", "/api/papers/not-an-id/save", tok, nil, 404},
			{"POST", "/api/papers/2104.99999/dismiss", tok, nil, 404},
			{"POST", "/api/papers/arXiv:" + p2 + "v3/save", tok, nil, 200},
			{"POST", "/api/papers/" + p2 + "/save", tok, map[string]string{"note": "read §3"}, 200},
			{"POST", "/api/papers/" + p2 + "/save", tok, map[string]int{"note": 3}, 400},
			{"DELETE", "/api/papers/" + p1 + "/save", tok, nil, 204},
			// A refused note saves nothing (p1 is not among the saved below).
			{"POST", "/api/papers/" + p1 + "/save", tok, map[string]string{"note": strings.Repeat("x", community.MaxNote+1)}, 400},
			{"DELETE", "/api/papers/" + p1 + "/save", tok, nil, 204},
			{"DELETE", "/api/papers/" + p1 + "/save", tok, nil, 204},
			{"DELETE", "/api/papers/" + p2 + "/dismiss", tok, nil, 204},
			{"POST", "/api/papers/" + old + "/dismiss", tok, nil, 200},
		}
		for _, st := range steps {
			if code, out, _ := cs.api(t, st.method, st.path, st.token, st.body); code != st.want {
				t.Errorf("%s %s (token %q) = %d %v, want %d", st.method, st.path, st.token, code, out, st.want)
			}
		}
		sig, err := cs.store.ReaderSignals(t.Context(), acct.ID, 10)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(sig.Saved, " ") != p2+" "+old || strings.Join(sig.Dismissed, " ") != old {
			t.Errorf("after the API: saved %v, dismissed %v; want [%s %s], [%s]", sig.Saved, sig.Dismissed, p2, old, old)
		}
		list, _ := cs.store.SavedPapers(t.Context(), acct.ID, 0, 1)
		if len(list) != 1 || list[0].Note != "read §3" {
			t.Errorf("the API's note: %+v", list)
		}
	})
}
