package community

import (
	"context"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// CanSetLinks reports whether the account may set the paper's code
// repository and project page: the account that submitted it here (an
// imported submitter of the same name is someone else), one of its authors
// (an account whose full name is an author's name), or a curator.
func CanSetLinks(a store.Account, de store.DayEntry) bool {
	if a.Curates() || de.SubmittedBy(a) {
		return true
	}
	for _, au := range de.Paper.Authors {
		if a.FullName != "" && strings.EqualFold(strings.TrimSpace(au.Name), a.FullName) {
			return true
		}
	}
	return false
}

// SetLinks sets a paper's code repository and project page (https only; ""
// clears one) for an account allowed to.
func (s *Service) SetLinks(ctx context.Context, a store.Account, paperID, repo, page string) error {
	de, err := s.store.Entry(ctx, paperID)
	if err != nil {
		p, perr := s.store.GetPaper(ctx, paperID)
		if perr != nil {
			return perr
		}
		de = store.DayEntry{Paper: p}
	}
	if !CanSetLinks(a, de) {
		return paper.Public(paper.ErrForbidden, "only the submitter, an author or a curator may set a paper's links")
	}
	if repo, err = usertext.LinkURL(repo); err != nil {
		return paper.Public(paper.ErrInvalid, "code repository: "+err.Error())
	}
	if page, err = usertext.LinkURL(page); err != nil {
		return paper.Public(paper.ErrInvalid, "project page: "+err.Error())
	}
	if err := s.store.SetLinks(ctx, paperID, repo, page); err != nil {
		return err
	}
	return s.store.Audit(ctx, a.ID, "paper.links", "paper "+paperID, strings.TrimSpace(repo+" "+page))
}
