package community

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Comment adds a comment (parentID 0) or a reply to a paper's discussion
// and returns its id.
func (s *Service) Comment(ctx context.Context, a store.Account, paperID string, parentID int64, body string) (int64, error) {
	if err := s.text.Validate(body); err != nil {
		return 0, paper.Public(paper.ErrInvalid, err.Error())
	}
	var id int64
	err := ratelimit.Do(ctx, s.limits.comment, strconv.FormatInt(a.ID, 10), "comments", func() error {
		var err error
		id, err = s.store.AddComment(ctx, paperID, parentID, a.ID, body)
		return err
	})
	return id, err
}

// PreviewComment returns the HTML a comment would be shown with, under the
// rules Comment posts it by, without posting it: people check their
// formulas and Markdown before others see them.
func (s *Service) PreviewComment(body string) (string, error) {
	if err := s.text.Validate(body); err != nil {
		return "", paper.Public(paper.ErrInvalid, err.Error())
	}
	return s.text.Comment(body), nil
}

// commentOn loads comment id of paper paperID. A comment of another paper
// is not found: every change is checked against the paper its URL names
// before it is made.
func (s *Service) commentOn(ctx context.Context, paperID string, id int64) (store.Comment, error) {
	c, err := s.store.Comment(ctx, id)
	if err != nil {
		return store.Comment{}, err
	}
	if c.PaperID != paperID {
		return store.Comment{}, fmt.Errorf("comment %d of paper %q: %w", id, paperID, paper.ErrNotFound)
	}
	return c, nil
}

// own loads a comment of the paper that the account wrote; anyone else's is
// forbidden.
func (s *Service) own(ctx context.Context, a store.Account, paperID string, id int64) (store.Comment, error) {
	c, err := s.commentOn(ctx, paperID, id)
	if err != nil {
		return c, err
	}
	if c.Author.ID != a.ID {
		return c, paper.Public(paper.ErrForbidden, "only its author may change a comment")
	}
	if c.Deleted {
		return c, paper.Public(paper.ErrNotFound, fmt.Sprintf("comment %d was deleted", id))
	}
	return c, nil
}

// EditComment replaces the text of the account's own comment; the earlier
// text is kept in its history.
func (s *Service) EditComment(ctx context.Context, a store.Account, paperID string, id int64, body string) (store.Comment, error) {
	c, err := s.own(ctx, a, paperID, id)
	if err != nil {
		return c, err
	}
	if err := s.text.Validate(body); err != nil {
		return c, paper.Public(paper.ErrInvalid, err.Error())
	}
	if err := s.store.EditComment(ctx, id, body); err != nil {
		return c, err
	}
	return s.store.Comment(ctx, id)
}

// DeleteComment deletes the account's own comment.
func (s *Service) DeleteComment(ctx context.Context, a store.Account, paperID string, id int64) (store.Comment, error) {
	c, err := s.own(ctx, a, paperID, id)
	if err != nil {
		return c, err
	}
	return c, s.store.DeleteComment(ctx, id)
}

// HideComment hides a comment for a reason, or with reason "" shows it
// again. Curators only; every use is in the audit log.
func (s *Service) HideComment(ctx context.Context, a store.Account, paperID string, id int64, reason string) (store.Comment, error) {
	if !a.Curates() {
		return store.Comment{}, paper.Public(paper.ErrForbidden, "only curators hide comments")
	}
	if reason != "" && !slices.Contains(store.HideReasons, reason) {
		return store.Comment{}, paper.Public(paper.ErrInvalid, fmt.Sprintf("reason %q: want one of %v", reason, store.HideReasons))
	}
	c, err := s.commentOn(ctx, paperID, id)
	if err != nil {
		return c, err
	}
	if err := s.store.HideComment(ctx, id, reason, a.ID); err != nil {
		return c, err
	}
	if err := s.store.ResolveReports(ctx, id); err != nil {
		return c, err
	}
	action := "comment.hide"
	if reason == "" {
		action = "comment.show"
	}
	return c, s.store.Audit(ctx, a.ID, action, fmt.Sprintf("comment %d on %s by %s", id, c.PaperID, c.Author.Name), reason)
}

// ReportComment records that the account thinks a comment needs a curator.
func (s *Service) ReportComment(ctx context.Context, a store.Account, paperID string, id int64, reason string) (store.Comment, error) {
	c, err := s.commentOn(ctx, paperID, id)
	if err != nil {
		return c, err
	}
	if reason, err = lines("a report's reason", reason, 500); err != nil {
		return c, err
	}
	return c, ratelimit.Do(ctx, s.limits.comment, strconv.FormatInt(a.ID, 10), "reports and comments", func() error {
		return s.store.ReportComment(ctx, id, a.ID, reason)
	})
}

// DismissReports closes the reports of a comment a curator found fine.
func (s *Service) DismissReports(ctx context.Context, a store.Account, paperID string, id int64) (store.Comment, error) {
	if !a.Curates() {
		return store.Comment{}, paper.Public(paper.ErrForbidden, "only curators dismiss reports")
	}
	c, err := s.commentOn(ctx, paperID, id)
	if err != nil {
		return c, err
	}
	if err := s.store.ResolveReports(ctx, id); err != nil {
		return c, err
	}
	return c, s.store.Audit(ctx, a.ID, "comment.dismiss-reports", fmt.Sprintf("comment %d on %s", id, paperID), "")
}
