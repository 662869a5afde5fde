package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestHighlightBothSurfaces: the search page and the search API mark the
// same words: whole words only (not "Graph" in "Graphene"), and words that
// differ from the query by diacritics ("Schrödinger" for schrodinger).
func TestHighlightBothSurfaces(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		at := cs.clock.Now().Add(-48 * time.Hour)
		items := []store.Item{
			{Paper: paper.Paper{ID: "2104.90001", Version: 1, Title: "Graph Transformers for Graphene", PublishedAt: at}},
			{Paper: paper.Paper{ID: "2104.90002", Version: 1, Title: "Schrödinger Bridges Made Simple", PublishedAt: at}},
		}
		if _, err := cs.store.Import(context.Background(), items); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			query, site, api string
		}{
			{"graph", "<mark>Graph</mark> Transformers for Graphene",
				`<span class="highlight">Graph</span> Transformers for Graphene`},
			{"schrodinger", "<mark>Schrödinger</mark> Bridges Made Simple",
				`<span class="highlight">Schrödinger</span> Bridges Made Simple`},
		}
		b := cs.browser(t)
		for _, tt := range tests {
			page := b.get("/papers?q=" + url.QueryEscape(tt.query))
			if page.Code != 200 || !strings.Contains(page.Body, tt.site) {
				t.Errorf("search page for %q = %d, lacks %s", tt.query, page.Code, tt.site)
			}
			if strings.Contains(page.Body, "<mark>Graph</mark>ene") {
				t.Errorf("search page for %q marks part of a word", tt.query)
			}
			code, hits, _ := cs.apiList(t, "/api/papers/search?q="+url.QueryEscape(tt.query))
			if code != 200 || len(hits) != 1 || hits[0]["highlightedTitle"] != tt.api {
				t.Errorf("search API for %q = %d %v, want one hit titled %s", tt.query, code, hits, tt.api)
			}
		}
	})
}
