package web_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"golang.org/x/net/html"
)

// importHFEntry puts a paper on a feed day as a Hugging Face import would,
// with the comments Hugging Face counted.
func (cs *communitySite) importHFEntry(t *testing.T, id, day string, upvotes, comments int) {
	t.Helper()
	at := cs.clock.Now().Add(-48 * time.Hour)
	item := store.Item{
		Paper: paper.Paper{ID: id, Version: 1, Title: "Paper " + id, Abstract: "About " + id,
			Authors: []paper.Author{{Name: "Ada Lovelace"}}, PublishedAt: at, UpdatedAt: at,
			Versions: []paper.Version{{Version: 1, Date: at}}},
		Entry: &paper.Entry{PaperID: id, Day: day, SubmittedAt: at, Upvotes: upvotes, NumComments: comments},
	}
	if _, err := cs.store.Import(context.Background(), []store.Item{item}); err != nil {
		t.Fatal(err)
	}
}

// TestCommentsHereAndOnHF: a paper with a comment counted on Hugging Face
// and one made here says "1 comment here · 1 on Hugging Face" on its card,
// its page, its Markdown and in the API, never "2 comments" over one shown.
func TestCommentsHereAndOnHF(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		cs.importHFEntry(t, "2104.90001", "2021-04-26", 3, 1)
		cs.importHFEntry(t, "2104.90002", "2021-04-26", 1, 2)
		_, tok := cs.account(t, "ada", store.RoleUser)
		if code, out, _ := cs.api(t, "POST", "/api/papers/2104.90001/comment", tok, map[string]string{"comment": "Mine"}); code != 201 {
			t.Fatalf("comment = %d %v", code, out)
		}
		b := cs.browser(t)

		doc := parse(t, b.get("/papers/2104.90001").Body)
		if got := text(selectAll(doc, "p", "count-line")[0]); got != "1 comment here · 1 on Hugging Face (read it there)" {
			t.Errorf("paper page count = %q", got)
		}
		if n := len(selectAll(doc, "article", "comment")); n != 1 {
			t.Errorf("paper page shows %d comments, want 1", n)
		}
		if hf := selectAll(doc, "a", "hf-comments"); len(hf) != 1 || href(hf[0]) != "https://huggingface.co/papers/2104.90001#community" {
			t.Errorf("no link to the comments on Hugging Face")
		}

		day := parse(t, b.get("/papers/date/2021-04-26").Body)
		var counts []string
		for _, li := range selectAll(day, "li", "comment-count") {
			counts = append(counts, text(li))
		}
		want := []string{"1 comment here · 1 on Hugging Face", "2 comments on Hugging Face"}
		if strings.Join(counts, "|") != strings.Join(want, "|") {
			t.Errorf("card counts = %q, want %q", counts, want)
		}

		md := b.get("/papers/2104.90001.md").Body
		if !strings.Contains(md, "- Daily Papers: 2021-04-26, 3 upvotes, 1 comment here and [1 on Hugging Face](https://huggingface.co/papers/2104.90001#community)\n") {
			t.Errorf("Markdown:\n%s", md)
		}
		if md := b.get("/papers/2104.90002.md").Body; !strings.Contains(md, "1 upvote, 0 comments here and [2 on Hugging Face]") {
			t.Errorf("Markdown:\n%s", md)
		}

		_, p, _ := cs.api(t, "GET", "/api/papers/2104.90001?field=comments", "", nil)
		if p["numComments"] != 2.0 || p["numCommentsHere"] != 1.0 || p["numCommentsOnHuggingFace"] != 1.0 || len(p["comments"].([]any)) != 1 {
			t.Errorf("API counts: numComments %v, here %v, on HF %v, %d listed", p["numComments"], p["numCommentsHere"], p["numCommentsOnHuggingFace"], len(p["comments"].([]any)))
		}

		// A later import that counts more comments on Hugging Face keeps
		// the one made here apart.
		cs.importHFEntry(t, "2104.90001", "2021-04-26", 5, 3)
		_, p, _ = cs.api(t, "GET", "/api/papers/2104.90001", "", nil)
		if p["numComments"] != 4.0 || p["numCommentsHere"] != 1.0 || p["numCommentsOnHuggingFace"] != 3.0 {
			t.Errorf("after a re-import: numComments %v, here %v, on HF %v", p["numComments"], p["numCommentsHere"], p["numCommentsOnHuggingFace"])
		}
		doc = parse(t, b.get("/papers/2104.90001").Body)
		if got := text(selectAll(doc, "p", "count-line")[0]); got != "1 comment here · 3 on Hugging Face (read them there)" {
			t.Errorf("paper page count after a re-import = %q", got)
		}
	})
}

// href is a link's target.
func href(n *html.Node) string { h, _ := attr(n, "href"); return h }
