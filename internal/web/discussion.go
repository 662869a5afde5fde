package web

import (
	"html/template"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// thread is a top-level comment with its replies.
type thread struct {
	Top     comment
	Replies []comment
}

// comment is a comment as a page shows it.
type comment struct {
	store.Comment
	HTML template.HTML // the rendered, sanitized Markdown; empty when not visible
	Mine bool          // the viewer wrote it
	// ByAuthor: a verified author of the paper wrote it.
	ByAuthor bool
}

// safeHTML marks a comment's stored HTML (store.Comment.HTML, the
// renderer's output) as safe to place in a page as it is: it was sanitized
// with an allow-list policy (see usertext). Nothing else may go through here.
func safeHTML(sanitized string) template.HTML { return template.HTML(sanitized) }

// discussion loads the paper's comments into threads, and what the viewer
// may do on the page.
func (s *Server) discussion(r *http.Request, pp *paperPage) error {
	ctx := r.Context()
	cs, err := s.store.Comments(ctx, pp.Paper.ID)
	if err != nil {
		return err
	}
	v := viewerOf(r)
	var me int64
	if v != nil && v.Account != nil {
		me = v.Account.ID
		up, err := s.store.Upvoted(ctx, me, []string{pp.Paper.ID})
		if err != nil {
			return err
		}
		pp.Upvoted = up[pp.Paper.ID]
		verified := pp.MyClaim != nil && pp.MyClaim.Verified()
		pp.CanSetLinks = community.CanSetLinks(*v.Account, *pp.Entry, verified)
	}
	byID := make(map[int64]int)
	for _, c := range cs {
		pc := comment{Comment: c, Mine: me != 0 && c.Author.ID == me, ByAuthor: pp.verifiedIDs[c.Author.ID]}
		if c.Visible() {
			pc.HTML = safeHTML(c.HTML)
			pp.Math = pp.Math || usertext.HasMath(c.HTML)
		}
		if c.ParentID == 0 {
			byID[c.ID] = len(pp.Thread)
			pp.Thread = append(pp.Thread, thread{Top: pc})
			continue
		}
		if i, ok := byID[c.ParentID]; ok {
			pp.Thread[i].Replies = append(pp.Thread[i].Replies, pc)
		}
	}
	return nil
}
