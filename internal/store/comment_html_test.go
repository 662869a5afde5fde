package store_test

import (
	"context"
	"testing"

	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// TestCommunityCommentHTML: a comment's HTML is rendered when it is written
// or edited and read back as stored; HTML stored under older rendering
// rules is rendered again on read (without writing) and stored again by
// RenderComments.
func TestCommunityCommentHTML(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		mustImport(t, s, feedItem("2406.00001", 0, 0))
		ada := mustAccount(t, s, "ada")
		text := usertext.NewRenderer()
		const body = "Nice **result**, see https://example.org/x"

		stored := func(id int64) (string, int) {
			t.Helper()
			html, v, err := s.CommentHTMLForTest(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return html, v
		}
		shown := func(id int64) string {
			t.Helper()
			c, err := s.Comment(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			cs, err := s.Comments(ctx, c.PaperID)
			if err != nil {
				t.Fatal(err)
			}
			for _, o := range cs {
				if o.ID == id && o.HTML != c.HTML {
					t.Errorf("comment %d: Comments has %q, Comment %q", id, o.HTML, c.HTML)
				}
			}
			return c.HTML
		}

		id := mustComment(t, s, "2406.00001", 0, ada.ID, body)
		if html, v := stored(id); html != text.Comment(body) || v != usertext.HTMLVersion {
			t.Fatalf("stored after AddComment: %q at version %d, want %q at %d", html, v, text.Comment(body), usertext.HTMLVersion)
		}

		// Reads use the stored HTML: they do not render it again.
		const marker = "<p>stored, not rendered</p>"
		if err := s.SetCommentHTMLForTest(ctx, id, marker, usertext.HTMLVersion); err != nil {
			t.Fatal(err)
		}
		if got := shown(id); got != marker {
			t.Errorf("current HTML: read %q, want the stored %q", got, marker)
		}

		// HTML from older rules is rendered again when read, and left as it is.
		if err := s.SetCommentHTMLForTest(ctx, id, marker, usertext.HTMLVersion-1); err != nil {
			t.Fatal(err)
		}
		if got := shown(id); got != text.Comment(body) {
			t.Errorf("stale HTML: read %q, want it rendered again", got)
		}
		if html, v := stored(id); html != marker || v != usertext.HTMLVersion-1 {
			t.Errorf("a read wrote the stored HTML: %q at %d", html, v)
		}

		// RenderComments stores it again; deleted comments are left alone.
		gone := mustComment(t, s, "2406.00001", 0, ada.ID, "soon gone")
		if err := s.DeleteComment(ctx, gone); err != nil {
			t.Fatal(err)
		}
		if err := s.SetCommentHTMLForTest(ctx, gone, "", 0); err != nil {
			t.Fatal(err)
		}
		if got := shown(gone); got != "" {
			t.Errorf("deleted comment shows %q", got)
		}
		if n, err := s.RenderComments(ctx); err != nil || n != 1 {
			t.Errorf("RenderComments = %d, %v; want 1", n, err)
		}
		if html, v := stored(id); html != text.Comment(body) || v != usertext.HTMLVersion {
			t.Errorf("after RenderComments: %q at version %d", html, v)
		}
		if n, err := s.RenderComments(ctx); err != nil || n != 0 {
			t.Errorf("RenderComments again = %d, %v; want 0", n, err)
		}

		// An edit stores the new text's HTML.
		const edited = "Now *emphasised*"
		if err := s.EditComment(ctx, id, edited); err != nil {
			t.Fatal(err)
		}
		if html, v := stored(id); html != text.Comment(edited) || v != usertext.HTMLVersion {
			t.Errorf("after EditComment: %q at version %d, want %q", html, v, text.Comment(edited))
		}
		if got := shown(id); got != text.Comment(edited) {
			t.Errorf("after EditComment: read %q", got)
		}
	})
}
