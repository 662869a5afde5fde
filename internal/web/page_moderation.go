package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// moderationPage is /moderation, for curators: authorship claims waiting
// for a decision, reported and hidden comments, the latest submissions and
// the audit log.
type moderationPage struct {
	basePage
	Claims      []store.Claim
	Reported    []comment
	Hidden      []comment
	Recent      []card
	Audit       []store.AuditEntry
	HideReasons []string
}

// moderationLists is how many items each list of the page shows.
const moderationLists = 100

func (s *Server) moderation(w http.ResponseWriter, r *http.Request) error {
	v := viewerOf(r)
	if v == nil || v.Account == nil {
		http.Redirect(w, r, "/signin?next=/moderation", http.StatusSeeOther)
		return nil
	}
	if !v.Curates() {
		return paper.Public(paper.ErrForbidden, "The moderation page is for curators and admins.")
	}
	ctx := r.Context()
	q, err := s.store.Moderation(ctx, moderationLists)
	if err != nil {
		return err
	}
	p := moderationPage{basePage: s.base(r, "Moderation — Daily Papers"), HideReasons: store.HideReasons}
	p.NoIndex = true
	// Curators see the community's actions; admins every one, those on
	// subscribers' addresses too.
	var kinds []string
	if v.Account.Role != store.RoleAdmin {
		kinds = store.CommunityActions
	}
	if p.Audit, err = s.store.AuditLog(ctx, moderationLists, kinds...); err != nil {
		return err
	}
	if p.Claims, err = s.store.PendingClaims(ctx, moderationLists); err != nil {
		return err
	}
	p.Reported, p.Hidden = s.pageComments(q.Reported), s.pageComments(q.Hidden)
	p.Recent = entryCards(q.Recent, true)
	p.Math = cardsHaveTeX(p.Recent) || commentsHaveMath(q.Reported) || commentsHaveMath(q.Hidden)
	return s.render(w, "moderation.html", &p)
}

// commentsHaveMath reports whether a curator's view of cs shows a formula.
func commentsHaveMath(cs []store.Comment) bool {
	for _, c := range cs {
		if !c.Deleted && usertext.HasMath(c.HTML) {
			return true
		}
	}
	return false
}

// pageComments prepares comments for a curator, who sees hidden text too.
func (s *Server) pageComments(cs []store.Comment) []comment {
	out := make([]comment, len(cs))
	for i, c := range cs {
		out[i] = comment{Comment: c}
		if !c.Deleted {
			out[i].HTML = safeHTML(c.HTML)
		}
	}
	return out
}
