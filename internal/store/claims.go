package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// The states of an authorship claim.
const (
	ClaimPending   = "pending"
	ClaimApproved  = "approved" // the claimant is a verified author
	ClaimRejected  = "rejected"
	ClaimWithdrawn = "withdrawn"
)

// MaxClaimFilings is how often one user may file a claim on one paper: once,
// and once more after a rejection or a withdrawal.
const MaxClaimFilings = 2

// Claim is a user's claim to be one of a paper's listed authors.
type Claim struct {
	ID         int64
	PaperID    string
	PaperTitle string
	Author     string // the name as the paper lists it
	Claimant   Account
	Status     string
	Filings    int
	Note       string // the claimant's note with a re-filing
	Reason     string // the curator's reason for the decision
	Filed      time.Time
	Decided    time.Time // zero until decided
	Was        string    // the status a claim had before WithdrawClaim withdrew it; else ""
	// Competing counts the other users' pending or approved claims on the
	// same author of the paper (filled in by the moderation queue).
	Competing int
}

// Verified reports whether the claim makes its claimant a verified author.
func (c Claim) Verified() bool { return c.Status == ClaimApproved }

// Refilable reports whether the claim, rejected or withdrawn, may be filed
// again.
func (c Claim) Refilable() bool {
	return (c.Status == ClaimRejected || c.Status == ClaimWithdrawn) && c.Filings < MaxClaimFilings
}

// Claim errors, for the community to pass on.
var (
	ErrClaimExists   = paper.Public(paper.ErrConflict, "you have already claimed an author of this paper")
	ErrClaimTaken    = paper.Public(paper.ErrConflict, "another user is already the verified author of that name")
	ErrClaimFinal    = paper.Public(paper.ErrConflict, "this claim was already filed again once and cannot be filed a third time")
	ErrClaimNeedNote = paper.Public(paper.ErrInvalid, "a rejected claim is filed again with a note for the curators")
	ErrClaimDecided  = paper.Public(paper.ErrConflict, "the claim is no longer pending")
)

// authorParticipating is the column of entrySelect saying whether a
// verified author of the entry's paper has a comment readers see on it.
const authorParticipating = `EXISTS (SELECT 1 FROM author_claims ac JOIN comments c ON c.paper_id = ac.paper_id AND c.user_id = ac.user_id
	WHERE ac.paper_id = e.paper_id AND ac.status = 'approved' AND c.deleted_at IS NULL AND c.hidden_reason = '')`

const claimSelect = `SELECT ac.id, ac.paper_id, p.title, ac.author, ac.status, ac.filings, ac.note, ac.reason, ac.filed_at, ac.decided_at,
	(SELECT COUNT(*) FROM author_claims o WHERE o.paper_id = ac.paper_id AND o.author_key = ac.author_key
		AND o.user_id <> ac.user_id AND o.status IN ('pending', 'approved')),
	u.id, u.name, u.full_name, u.avatar_url, COALESCE(u.email, ''), u.role, u.created_at
	FROM author_claims ac JOIN papers p ON p.id = ac.paper_id JOIN users u ON u.id = ac.user_id`

// queryClaims runs a query made from claimSelect on q (the readers, or a
// transaction).
func (s *Store) queryClaims(ctx context.Context, q querier, op, where string, args ...any) ([]Claim, error) {
	rows, err := q.QueryContext(ctx, s.d.rebind(claimSelect+` `+where), args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return scanClaims(rows, op)
}

// scanClaims reads the claims of rows (claimSelect) and closes them.
func scanClaims(rows *sql.Rows, op string) ([]Claim, error) {
	defer rows.Close()
	var out []Claim
	for rows.Next() {
		var c Claim
		var decided sql.NullTime
		a := &c.Claimant
		if err := rows.Scan(&c.ID, &c.PaperID, &c.PaperTitle, &c.Author, &c.Status, &c.Filings, &c.Note, &c.Reason, &c.Filed, &decided,
			&c.Competing, &a.ID, &a.Name, &a.FullName, &a.AvatarURL, &a.Email, &a.Role, &a.CreatedAt); err != nil {
			return nil, fmt.Errorf("%s: %w", op, err)
		}
		c.Decided = decided.Time
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, nil
}

func (s *Store) oneClaim(ctx context.Context, q querier, op, where string, args ...any) (Claim, error) {
	cs, err := s.queryClaims(ctx, q, op, where, args...)
	if err != nil {
		return Claim{}, err
	}
	if len(cs) == 0 {
		return Claim{}, fmt.Errorf("%s: %w", op, paper.ErrNotFound)
	}
	return cs[0], nil
}

// Claim returns one claim, or an error wrapping paper.ErrNotFound.
func (s *Store) Claim(ctx context.Context, id int64) (Claim, error) {
	return s.oneClaim(ctx, s.r, fmt.Sprintf("Claim(%d)", id), `WHERE ac.id = ?`, id)
}

// ClaimOf returns the user's claim on a paper, in whatever state, or an
// error wrapping paper.ErrNotFound.
func (s *Store) ClaimOf(ctx context.Context, paperID string, userID int64) (Claim, error) {
	return s.oneClaim(ctx, s.r, fmt.Sprintf("ClaimOf(%q, %d)", paperID, userID),
		`WHERE ac.paper_id = ? AND ac.user_id = ?`, paperID, userID)
}

// FileClaim files the user's claim to be the author of the paper listed as
// author (authorKey its normalized form), or files a rejected or withdrawn
// claim again, with a note. A user has one claim per paper, filed at most
// MaxClaimFilings times; a name with a verified author cannot be claimed.
func (s *Store) FileClaim(ctx context.Context, paperID string, userID int64, author, authorKey, note string) (Claim, error) {
	op := fmt.Sprintf("FileClaim(%q, %d)", paperID, userID)
	now := s.now().UTC()
	var id int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var taken bool
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT EXISTS (SELECT 1 FROM author_claims
			WHERE paper_id = ? AND author_key = ? AND status = 'approved' AND user_id <> ?)`), paperID, authorKey, userID).Scan(&taken)
		if err != nil {
			return err
		}
		if taken {
			return ErrClaimTaken
		}
		var status string
		var filings int
		err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT id, status, filings FROM author_claims WHERE paper_id = ? AND user_id = ?`),
			paperID, userID).Scan(&id, &status, &filings)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return s.insertClaim(ctx, tx, &id, paperID, userID, author, authorKey, note, now)
		case err != nil:
			return err
		case status == ClaimPending || status == ClaimApproved:
			return ErrClaimExists
		case filings >= MaxClaimFilings:
			return ErrClaimFinal
		case status == ClaimRejected && note == "":
			return ErrClaimNeedNote
		}
		// The reason of a rejection stays for the curator to read beside
		// the note; an approval's reason has no use once withdrawn.
		_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE author_claims SET author = ?, author_key = ?, status = 'pending', filings = filings + 1,
			note = ?, filed_at = ?, reason = CASE WHEN status = 'rejected' THEN reason ELSE '' END WHERE id = ?`), author, authorKey, note, now, id)
		return err
	})
	if err != nil {
		if s.d.uniqueViolation(err) {
			err = ErrClaimExists // a second filing at the same moment
		}
		return Claim{}, fmt.Errorf("%s: %w", op, err)
	}
	return s.Claim(ctx, id)
}

func (s *Store) insertClaim(ctx context.Context, tx *sql.Tx, id *int64, paperID string, userID int64, author, authorKey, note string, now time.Time) error {
	return tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO author_claims (paper_id, user_id, author, author_key, status, note, filed_at)
		VALUES (?, ?, ?, ?, 'pending', ?, ?) RETURNING id`), paperID, userID, author, authorKey, note, now).Scan(id)
}

// WithdrawClaim withdraws the user's pending or approved claim on a paper
// and returns it as it was.
func (s *Store) WithdrawClaim(ctx context.Context, paperID string, userID int64) (Claim, error) {
	op := fmt.Sprintf("WithdrawClaim(%q, %d)", paperID, userID)
	var c Claim
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = s.oneClaim(ctx, tx, op, `WHERE ac.paper_id = ? AND ac.user_id = ? AND ac.status IN ('pending', 'approved')`, paperID, userID)
		if err != nil {
			return err
		}
		now := s.now().UTC()
		if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE author_claims SET status = 'withdrawn', decided_at = ?, decided_by = NULL
			WHERE id = ?`), now, c.ID); err != nil {
			return err
		}
		c.Was, c.Status, c.Decided = c.Status, ClaimWithdrawn, now
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return Claim{}, fmt.Errorf("%s: %w", op, err)
	}
	return c, nil
}

// DecideClaim approves or rejects a pending claim for a curator, with a
// reason, and returns it decided. A name that has a verified author cannot
// be approved for another user.
func (s *Store) DecideClaim(ctx context.Context, id int64, approve bool, reason string, by int64) (Claim, error) {
	op := fmt.Sprintf("DecideClaim(%d)", id)
	status := ClaimRejected
	if approve {
		status = ClaimApproved
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE author_claims SET status = ?, reason = ?, decided_at = ?, decided_by = ?
			WHERE id = ? AND status = 'pending'`), status, reason, s.now().UTC(), by, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil || n == 0 {
			return errors.Join(err, s.claimMissing(ctx, tx, id))
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		if s.d.uniqueViolation(err) {
			// The verified-author index: another user's claim on the
			// name was approved first.
			err = ErrClaimTaken
		}
		return Claim{}, fmt.Errorf("%s: %w", op, err)
	}
	return s.Claim(ctx, id)
}

// claimMissing says why no pending claim id was there to decide.
func (s *Store) claimMissing(ctx context.Context, tx *sql.Tx, id int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM author_claims WHERE id = ?`), id).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return paper.ErrNotFound
	}
	return ErrClaimDecided
}

// PendingClaims returns the claims waiting for a curator, oldest first.
func (s *Store) PendingClaims(ctx context.Context, limit int) ([]Claim, error) {
	return s.queryClaims(ctx, s.r, "PendingClaims", `WHERE ac.status = 'pending' ORDER BY ac.filed_at, ac.id LIMIT `+fmt.Sprint(limit))
}

// VerifiedAuthors returns the approved claims on a paper, in the order of
// the claims.
func (s *Store) VerifiedAuthors(ctx context.Context, paperID string) ([]Claim, error) {
	m, err := s.VerifiedAuthorsOf(ctx, []string{paperID})
	return m[paperID], err
}

// VerifiedAuthorsOf returns the approved claims on those of the papers that
// have any, keyed by paper id: one query for a page of papers.
func (s *Store) VerifiedAuthorsOf(ctx context.Context, ids []string) (map[string][]Claim, error) {
	out := make(map[string][]Claim)
	if len(ids) == 0 {
		return out, nil
	}
	// Every search and list page asks: one statement, prepared once.
	list, err := listParam(s.d, ids)
	if err != nil {
		return nil, fmt.Errorf("VerifiedAuthorsOf(%d ids): %w", len(ids), err)
	}
	rows, err := s.stmts.query(ctx, s.r, s.d.rebind(claimSelect+` WHERE ac.status = 'approved' AND ac.paper_id `+s.d.inParam("text")+` ORDER BY ac.id`), list)
	if err != nil {
		return nil, fmt.Errorf("VerifiedAuthorsOf(%d ids): %w", len(ids), err)
	}
	cs, err := scanClaims(rows, "verified authors")
	if err != nil {
		return nil, fmt.Errorf("VerifiedAuthorsOf(%d ids): %w", len(ids), err)
	}
	for _, c := range cs {
		out[c.PaperID] = append(out[c.PaperID], c)
	}
	return out, nil
}

// AuthoredPapers returns the user's approved claims, newest paper first.
func (s *Store) AuthoredPapers(ctx context.Context, userID int64, limit int) ([]Claim, error) {
	return s.queryClaims(ctx, s.r, fmt.Sprintf("AuthoredPapers(%d)", userID),
		`WHERE ac.user_id = ? AND ac.status = 'approved' ORDER BY p.published_at DESC, ac.paper_id LIMIT `+fmt.Sprint(limit), userID)
}
