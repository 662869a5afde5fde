package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// pathologicalComment is the costliest Markdown to render that we found
// within the length limit: 2,500 unclosed links, about 30 ms each time
// goldmark and bluemonday see it.
var pathologicalComment = strings.Repeat("[a](", 2500)

// BenchmarkPaperPagePathological serves a paper page with 30 pathological
// comments to anonymous readers, the response cache off (no Run), so each
// request is rendered whole. See docs/PERFORMANCE.md.
func BenchmarkPaperPagePathological(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(ctx, storetest.DSN(b, "sqlite"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	at := time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC)
	if _, err := st.Import(ctx, []store.Item{{Paper: paper.Paper{ID: "2608.00001", Title: "A paper", PublishedAt: at},
		Entry: &paper.Entry{Day: "2026-08-21", SubmittedAt: at}}}); err != nil {
		b.Fatal(err)
	}
	a, err := st.CreateAccount(ctx, store.Account{Name: "ada", Email: "ada@example.org", Role: store.RoleUser})
	if err != nil {
		b.Fatal(err)
	}
	for range 30 {
		if _, err := st.AddComment(ctx, "2608.00001", 0, a.ID, pathologicalComment); err != nil {
			b.Fatal(err)
		}
	}
	site, err := web.New(st, slog.New(slog.DiscardHandler), web.Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(site.Handler())
	defer srv.Close()
	for b.Loop() {
		resp, err := http.Get(srv.URL + "/papers/2608.00001")
		if err != nil {
			b.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || !strings.Contains(string(body), "[a](") {
			b.Fatalf("GET paper page = %d, without its comments", resp.StatusCode)
		}
	}
}
