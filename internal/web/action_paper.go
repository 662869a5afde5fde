package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// paperAction routes the forms of a paper page, POST /papers/{id}/...:
// upvote, save, note (on a saved paper), dismiss, retry (a failed fetch from
// arXiv), comments (new, reply,
// edit, delete, hide, report), links and
// authorship claims (claim, claim/withdraw). The id may hold a slash
// (hep-th/9901001), so the action is read from the end.
func (s *Server) paperAction(w http.ResponseWriter, r *http.Request, v *viewer, a store.Account) error {
	rest := r.PathValue("rest")
	if id, ok := strings.CutSuffix(rest, "/upvote"); ok {
		return s.withPaper(id, func(id string) error { return s.vote(w, r, v, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/save"); ok {
		return s.withPaper(id, func(id string) error { return s.save(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/note"); ok {
		return s.withPaper(id, func(id string) error { return s.setNote(w, r, a, id) })
	}
	// .../comments/{n}/dismiss dismisses a comment's reports, below.
	if id, ok := strings.CutSuffix(rest, "/dismiss"); ok && !strings.Contains(id, "/comments/") {
		return s.withPaper(id, func(id string) error { return s.dismiss(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/retry"); ok {
		return s.withPaper(id, func(id string) error { return s.retryFetch(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/links"); ok {
		return s.withPaper(id, func(id string) error { return s.setLinks(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/claim/withdraw"); ok {
		return s.withPaper(id, func(id string) error { return s.withdrawClaim(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/claim"); ok {
		return s.withPaper(id, func(id string) error { return s.claimAuthor(w, r, a, id) })
	}
	if id, ok := strings.CutSuffix(rest, "/comments"); ok {
		return s.withPaper(id, func(id string) error { return s.addComment(w, r, a, id) })
	}
	head, verb, ok := cutLast(rest, "/")
	if !ok {
		return paper.ErrNotFound
	}
	id, num, ok := cutLast(head, "/comments/")
	if !ok {
		return paper.ErrNotFound
	}
	cid, err := strconv.ParseInt(num, 10, 64)
	if err != nil {
		return paper.ErrNotFound
	}
	return s.withPaper(id, func(id string) error { return s.commentAction(w, r, a, id, cid, verb) })
}

// withPaper runs fn with the canonical form of an id.
func (s *Server) withPaper(raw string, fn func(id string) error) error {
	id, err := arxivid.Canonical(raw)
	if err != nil {
		return fmt.Errorf("paper %q: %w", raw, paper.ErrNotFound)
	}
	return fn(id)
}

func cutLast(s, sep string) (before, after string, ok bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return s, "", false
	}
	return s[:i], s[i+len(sep):], true
}

// paperURL is the page of a paper, at an anchor.
func paperURL(id, anchor string) string {
	u := "/papers/" + id
	if anchor != "" {
		u += "#" + anchor
	}
	return u
}

// anchorID makes an id usable in a fragment (old-style ids hold a slash).
func anchorID(id string) string { return strings.NewReplacer("/", "-", ".", "-").Replace(id) }

// addComment posts a comment or, with a parent, a reply; with the form's
// Preview button it shows the comment instead (previewComment).
func (s *Server) addComment(w http.ResponseWriter, r *http.Request, a store.Account, id string) error {
	if r.PostFormValue("preview") != "" {
		return s.previewComment(w, r, id)
	}
	var parent int64
	if p := r.PostFormValue("parent"); p != "" {
		var err error
		if parent, err = strconv.ParseInt(p, 10, 64); err != nil {
			return paper.Public(paper.ErrInvalid, "That reply answers no comment.")
		}
	}
	cid, err := s.community.Comment(r.Context(), a, id, parent, r.PostFormValue("body"))
	if err != nil {
		return s.commentRefused(w, r, id, err)
	}
	http.Redirect(w, r, paperURL(id, fmt.Sprintf("comment-%d", cid)), http.StatusSeeOther)
	return nil
}

// previewComment shows the paper page with the comment rendered above the
// form it was typed in, as it would be posted, and the form still holding
// it. Nothing is stored.
func (s *Server) previewComment(w http.ResponseWriter, r *http.Request, id string) error {
	html, err := s.community.PreviewComment(r.PostFormValue("body"))
	if err != nil {
		return s.commentRefused(w, r, id, err)
	}
	return s.renderPaper(w, r, id, http.StatusOK, formState{Preview: html, Body: r.PostFormValue("body"), Parent: r.PostFormValue("parent")})
}

// commentRefused shows the paper page again with the refusal beside the
// form, keeping what the user wrote.
func (s *Server) commentRefused(w http.ResponseWriter, r *http.Request, id string, err error) error {
	msg, ok := publicMessage(err)
	if !ok {
		return err
	}
	site.SetRetryAfter(w.Header(), err)
	return s.renderPaper(w, r, id, site.Status(err), formState{Error: msg, Body: r.PostFormValue("body"), Parent: r.PostFormValue("parent")})
}

// commentAction edits, deletes, hides, shows or reports comment cid of the
// paper, or dismisses its reports. The community checks that the comment
// is the paper's before it changes anything.
func (s *Server) commentAction(w http.ResponseWriter, r *http.Request, a store.Account, id string, cid int64, verb string) error {
	ctx := r.Context()
	var err error
	switch verb {
	case "edit":
		_, err = s.community.EditComment(ctx, a, id, cid, r.PostFormValue("body"))
	case "delete":
		_, err = s.community.DeleteComment(ctx, a, id, cid)
	case "hide":
		_, err = s.community.HideComment(ctx, a, id, cid, r.PostFormValue("reason"))
	case "show":
		_, err = s.community.HideComment(ctx, a, id, cid, "")
	case "report":
		_, err = s.community.ReportComment(ctx, a, id, cid, r.PostFormValue("reason"))
	case "dismiss":
		_, err = s.community.DismissReports(ctx, a, id, cid)
	default:
		return paper.ErrNotFound
	}
	if err != nil {
		if verb == "edit" && (errors.Is(err, paper.ErrInvalid) || errors.Is(err, paper.ErrTooMany)) {
			return s.commentRefused(w, r, id, err)
		}
		return err
	}
	if next := r.PostFormValue("next"); next != "" {
		http.Redirect(w, r, community.SafeNext(next), http.StatusSeeOther)
		return nil
	}
	anchor := fmt.Sprintf("comment-%d", cid)
	if verb == "report" {
		anchor += "-reported"
	}
	http.Redirect(w, r, paperURL(id, anchor), http.StatusSeeOther)
	return nil
}

// setLinks sets the paper's code repository and project page.
func (s *Server) setLinks(w http.ResponseWriter, r *http.Request, a store.Account, id string) error {
	err := s.community.SetLinks(r.Context(), a, id, r.PostFormValue("repo"), r.PostFormValue("page"))
	if err != nil {
		msg, ok := publicMessage(err)
		if !ok || errors.Is(err, paper.ErrForbidden) {
			return err
		}
		return s.renderPaper(w, r, id, site.Status(err), formState{LinksError: msg,
			Repo: r.PostFormValue("repo"), Page: r.PostFormValue("page")})
	}
	http.Redirect(w, r, paperURL(id, "links"), http.StatusSeeOther)
	return nil
}

// ruleOf names the submission rule an error comes from, if any.
func ruleOf(err error) string {
	var re *community.RuleError
	if errors.As(err, &re) {
		return re.Rule
	}
	return ""
}
