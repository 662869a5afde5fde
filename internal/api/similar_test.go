package api_test

import (
	"net/http"
	"testing"
)

// testSimilar: similar papers come as search results, six unless asked,
// never the paper itself; an unknown paper is a 404.
func testSimilar(t *testing.T, s site) {
	var out []searchResult
	getOK(t, s.url+"/api/papers/2506.19851/similar", &out)
	if len(out) != 6 {
		t.Fatalf("similar: %d papers, want 6", len(out))
	}
	for _, h := range out {
		if h.Paper.ID == "2506.19851" || h.Paper.ID == "" || h.Title == "" || h.HighlightedTitle == "" {
			t.Errorf("similar entry %+v", h)
		}
	}
	getOK(t, s.url+"/api/papers/arXiv:2506.19851v1/similar?limit=50", &out)
	if len(out) <= 6 || len(out) > 50 {
		t.Errorf("similar?limit=50: %d papers", len(out))
	}
	getOK(t, s.url+"/api/papers/"+oldID+"/similar?limit=2", &out)
	if len(out) > 2 {
		t.Errorf("similar of %s: %d papers, want at most 2", oldID, len(out))
	}
	for _, u := range []string{"/api/papers/2506.99999/similar", "/api/papers/not-an-id/similar"} {
		if r := get(t, s.url+u); r.code != http.StatusNotFound {
			t.Errorf("GET %s = %d %s, want 404", u, r.code, r.body)
		}
	}
}
