package community

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Sizes of what a claim carries.
const (
	maxAuthorName = 300  // characters of an author's name as claimed
	maxClaimText  = 1000 // characters of a claimant's note or a curator's reason
)

// AuthorKey is the form in which author names are compared: trimmed, runs
// of white space made one space, and NFC-normalized, so that "Schrödinger"
// typed with a combining umlaut is the author listed with a precomposed one.
// Letter case is kept: the name must be the one listed.
func AuthorKey(name string) string {
	return norm.NFC.String(strings.Join(strings.Fields(name), " "))
}

// listedAuthor returns the name as the paper lists it of the author whose
// key is key.
func listedAuthor(p paper.Paper, key string) (string, bool) {
	for _, au := range p.Authors {
		if AuthorKey(au.Name) == key {
			return strings.TrimSpace(au.Name), true
		}
	}
	return "", false
}

// claimText checks a note or a reason: a few lines of text.
func claimText(what, s string) (string, error) { return lines(what, s, maxClaimText) }

// ClaimAuthor files the account's claim to be the author of the paper
// listed as author, or files a rejected or withdrawn claim again; a claim
// filed again after a rejection needs a note for the curators.
func (s *Service) ClaimAuthor(ctx context.Context, a store.Account, paperID, author, note string) (store.Claim, error) {
	if !utf8.ValidString(author) || utf8.RuneCountInString(author) > maxAuthorName {
		return store.Claim{}, paper.Public(paper.ErrInvalid, "that is not one of the paper's authors")
	}
	note, err := claimText("note", note)
	if err != nil {
		return store.Claim{}, err
	}
	p, err := s.store.GetPaper(ctx, paperID)
	if err != nil {
		return store.Claim{}, err
	}
	key := AuthorKey(author)
	listed, ok := listedAuthor(p, key)
	if !ok || key == "" {
		return store.Claim{}, paper.Public(paper.ErrInvalid, fmt.Sprintf("%q is not one of the paper's listed authors", truncate(author, 100)))
	}
	var c store.Claim
	err = ratelimit.Do(ctx, s.limits.claim, strconv.FormatInt(a.ID, 10), "authorship claims", func() error {
		var err error
		c, err = s.store.FileClaim(ctx, paperID, a.ID, listed, key, note)
		return err
	})
	return c, err
}

// WithdrawClaim withdraws the account's pending or approved claim on a
// paper; a verified author who withdraws loses the rights it gave.
func (s *Service) WithdrawClaim(ctx context.Context, a store.Account, paperID string) (store.Claim, error) {
	c, err := s.store.WithdrawClaim(ctx, paperID, a.ID)
	if err != nil {
		return c, err
	}
	return c, s.store.Audit(ctx, a.ID, "claim.withdraw", claimTarget(c), c.Was)
}

// DecideClaim approves or rejects a pending claim; a rejection says why.
// Curators and admins only, and every decision is in the audit log.
//
// A curator may not decide a claim of their own: another curator or an
// admin does. An admin may, because an admin already holds every right a
// claim gives (admins set any paper's links) and can make any account a
// curator, so forbidding it would only send them round through a second
// account; on a small site the admin may be its only moderator. The audit
// log shows who decided.
func (s *Service) DecideClaim(ctx context.Context, a store.Account, id int64, approve bool, reason string) (store.Claim, error) {
	if !a.Curates() {
		return store.Claim{}, paper.Public(paper.ErrForbidden, "only curators decide authorship claims")
	}
	reason, err := claimText("reason", reason)
	if err != nil {
		return store.Claim{}, err
	}
	if !approve && reason == "" {
		return store.Claim{}, paper.Public(paper.ErrInvalid, "a rejection gives the claimant a reason")
	}
	c, err := s.store.Claim(ctx, id)
	if err != nil {
		return c, err
	}
	if c.Claimant.ID == a.ID && a.Role != store.RoleAdmin {
		return c, paper.Public(paper.ErrForbidden, "a curator does not decide their own claim; another curator or an admin will")
	}
	if c, err = s.store.DecideClaim(ctx, id, approve, reason, a.ID); err != nil {
		return c, err
	}
	action := "claim.reject"
	if approve {
		action = "claim.approve"
	}
	return c, s.store.Audit(ctx, a.ID, action, claimTarget(c), reason)
}

func claimTarget(c store.Claim) string {
	return fmt.Sprintf("claim %d on %s by %s as %q", c.ID, c.PaperID, c.Claimant.Name, c.Author)
}

// VerifiedAuthor reports whether the account is a verified author of the
// paper: its claim on it was approved.
func (s *Service) VerifiedAuthor(ctx context.Context, a store.Account, paperID string) (bool, error) {
	c, err := s.store.ClaimOf(ctx, paperID, a.ID)
	if errors.Is(err, paper.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return c.Verified(), nil
}
