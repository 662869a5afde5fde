package api_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// testPaper: /api/papers/{id} in every id form, the 404, ?field=comments.
func testPaper(t *testing.T, s site) {
	for _, id := range []string{"2506.19851", "2506.19851v2", "arXiv:2506.19851", "arxiv:2506.19851v1"} {
		var p map[string]any
		r := getOK(t, s.url+"/api/papers/"+id, &p)
		if p["id"] != "2506.19851" || p["upvotes"] != 21.0 || p["submittedOnDailyAt"] != "2025-06-25T01:12:40.364Z" ||
			p["githubRepo"] != "https://github.com/anima-x/anima-x" || p["numComments"] == nil {
			t.Errorf("/api/papers/%s = %.400s", id, r.body)
		}
		if _, ok := p["comments"]; ok {
			t.Errorf("/api/papers/%s has comments without ?field=comments", id)
		}
		if _, ok := p["paper"]; ok {
			t.Errorf("/api/papers/%s is wrapped in paper", id)
		}
	}
	// A javascript: link stored before imports were checked is not answered.
	var script map[string]any
	if r := getOK(t, s.url+"/api/papers/"+scriptID, &script); script["githubRepo"] != "https://github.com/example/sparse" ||
		strings.Contains(r.body, "javascript:") {
		t.Errorf("/api/papers/%s = %.400s; want its code link and no javascript: link", scriptID, r.body)
	}

	var withComments map[string]any
	r := getOK(t, s.url+"/api/papers/2506.19851?field=comments", &withComments)
	if !strings.Contains(r.body, `"comments":[]`) {
		t.Errorf("?field=comments: %.300s…, want \"comments\":[]", r.body)
	}

	// On no day: no upvotes, no submission; an old-style id, slash and all.
	for _, id := range []string{oldID, oldID + "v2", "hep-th/9901001v1"} {
		var p map[string]any
		r := getOK(t, s.url+"/api/papers/"+id, &p)
		if p["id"] != oldID || p["upvotes"] != 0.0 || p["numComments"] != 0.0 || p["publishedAt"] != "1999-01-01T10:00:00.000Z" {
			t.Errorf("/api/papers/%s = %s", id, r.body)
		}
		for _, k := range []string{"submittedOnDailyAt", "submittedOnDailyBy", "githubRepo", "withdrawnAt"} {
			if _, ok := p[k]; ok {
				t.Errorf("/api/papers/%s has %s", id, k)
			}
		}
	}
	var w map[string]any
	if getOK(t, s.url+"/api/papers/"+withdrawnID, &w); w["withdrawnAt"] != "2023-03-05T09:30:00.000Z" {
		t.Errorf("withdrawn paper: withdrawnAt %v, want its last version's date", w["withdrawnAt"])
	}

	for _, id := range []string{"2609.00001", "not-an-id", "1234", "%3Cscript%3E"} {
		r := get(t, s.url+"/api/papers/"+id)
		if r.code != http.StatusNotFound || r.body != `{"error":"Paper not found"}` {
			t.Errorf("/api/papers/%s = %d %s, want 404 {\"error\":\"Paper not found\"}", id, r.code, r.body)
		}
	}
	if r := get(t, s.url+"/api/nothing/here"); r.code != http.StatusNotFound || r.body != `{"error":"Not found"}` {
		t.Errorf("/api/nothing/here = %d %s", r.code, r.body)
	}
}

// testListPapers: /api/papers pages through every paper, newest first.
func testListPapers(t *testing.T, s site) {
	type listed struct {
		ID          string `json:"id"`
		PublishedAt string `json:"publishedAt"`
		Upvotes     int    `json:"upvotes"`
	}
	var all []listed
	next := s.url + "/api/papers?limit=40"
	for pages := 0; next != ""; pages++ {
		if pages > 10 {
			t.Fatal("more than 10 pages of 40 for 117 papers")
		}
		var page []listed
		r := getOK(t, next, &page)
		all = append(all, page...)
		link := r.header.Get("Link")
		if link != "" && (!strings.HasPrefix(link, "<"+s.url+"/api/papers?cursor=") || !strings.HasSuffix(link, `&limit=40>; rel="next"`)) {
			t.Fatalf("Link %q", link)
		}
		next = strings.TrimSuffix(strings.TrimPrefix(link, "<"), `>; rel="next"`)
	}
	seen := map[string]bool{}
	for i, p := range all {
		if seen[p.ID] {
			t.Errorf("%s listed twice", p.ID)
		}
		seen[p.ID] = true
		if i > 0 && p.PublishedAt > all[i-1].PublishedAt {
			t.Errorf("%s (%s) after %s (%s): not newest first", p.ID, p.PublishedAt, all[i-1].ID, all[i-1].PublishedAt)
		}
		if p.ID == "2506.19851" && p.Upvotes != 21 {
			t.Errorf("%s listed with %d upvotes, want its 21", p.ID, p.Upvotes)
		}
	}
	if want := 114 + len(extraItems()); len(all) != want {
		t.Errorf("listed %d papers, want %d", len(all), want)
	}
	if last := all[len(all)-1]; last.ID != oldID {
		t.Errorf("oldest listed %s, want %s", last.ID, oldID)
	}
	if _, err := time.Parse(time.RFC3339, all[0].PublishedAt); err != nil {
		t.Error(err)
	}
	var one []listed
	if r := getOK(t, s.url+"/api/papers?limit=1", &one); len(one) != 1 || r.header.Get("Link") == "" {
		t.Errorf("limit=1: %d papers, Link %q", len(one), r.header.Get("Link"))
	}
	if diff := cmp.Diff(all[:1], one); diff != "" {
		t.Errorf("limit=1 (-first of all +got):\n%s", diff)
	}
}
