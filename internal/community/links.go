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
// imported submitter of the same name is someone else), a verified author
// (one whose authorship claim a curator approved; see ClaimAuthor), or a
// curator. A full name that matches an author's grants nothing: anyone can
// type one.
func CanSetLinks(a store.Account, de store.DayEntry, verifiedAuthor bool) bool {
	if a.Curates() || de.SubmittedBy(a) {
		return true
	}
	return verifiedAuthor
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
	verified, err := s.VerifiedAuthor(ctx, a, paperID)
	if err != nil {
		return err
	}
	if !CanSetLinks(a, de, verified) {
		return paper.Public(paper.ErrForbidden, "only the submitter, a verified author or a curator may set a paper's links")
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
