package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// ReportComment records a reader's report of a comment; reporting twice
// counts once.
func (s *Store) ReportComment(ctx context.Context, commentID, accountID int64, reason string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO comment_reports (comment_id, user_id, reason, created_at)
			VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING`), commentID, accountID, reason, s.now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("ReportComment(%d): %w", commentID, err)
	}
	return nil
}

// ResolveReports closes the open reports of a comment (a curator looked).
func (s *Store) ResolveReports(ctx context.Context, commentID int64) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE comment_reports SET resolved_at = ? WHERE comment_id = ? AND resolved_at IS NULL`),
			s.now().UTC(), commentID)
		return err
	})
	if err != nil {
		return fmt.Errorf("ResolveReports(%d): %w", commentID, err)
	}
	return nil
}

// ModerationQueue is what curators look at: reported comments, hidden
// comments and the latest submissions.
type ModerationQueue struct {
	Reported []Comment
	Hidden   []Comment
	Recent   []DayEntry
}

// Moderation returns the moderation queue, at most limit of each.
func (s *Store) Moderation(ctx context.Context, limit int) (ModerationQueue, error) {
	var q ModerationQueue
	var err error
	lim := fmt.Sprint(limit)
	q.Reported, err = s.queryComments(ctx, "Moderation", `WHERE EXISTS (SELECT 1 FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL)
		ORDER BY c.id DESC LIMIT `+lim)
	if err != nil {
		return q, err
	}
	q.Hidden, err = s.queryComments(ctx, "Moderation", `WHERE c.hidden_reason <> '' ORDER BY c.hidden_at DESC LIMIT `+lim)
	if err != nil {
		return q, err
	}
	// Submissions made here, by accounts of this site.
	q.Recent, err = s.queryEntries(ctx, entrySelect+` WHERE e.submitter_id IS NOT NULL ORDER BY e.submitted_at DESC LIMIT `+lim)
	if err != nil {
		return q, fmt.Errorf("Moderation: %w", err)
	}
	return q, nil
}

// AuditEntry is one moderation or administration action.
type AuditEntry struct {
	At     time.Time
	Actor  string // the account's name; empty: the command line
	Action string // e.g. "comment.hide"
	Target string // e.g. "comment 12" or "user ada"
	Detail string
}

// Audit records an action in the audit log; actorID 0 is the command line.
func (s *Store) Audit(ctx context.Context, actorID int64, action, target, detail string) error {
	var actor sql.NullInt64
	if actorID != 0 {
		actor = sql.NullInt64{Int64: actorID, Valid: true}
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO audit_log (at, actor_id, action, target, detail) VALUES (?, ?, ?, ?, ?)`),
			s.now().UTC(), actor, action, target, detail)
		return err
	})
	if err != nil {
		return fmt.Errorf("Audit(%s): %w", action, err)
	}
	return nil
}

// CommunityActions are the kinds of audited action that are the
// community's business (comments, claims, papers' links, accounts'
// roles), which every curator may see; the others (subscribers and their
// addresses) are the admins'.
var CommunityActions = []string{"comment.", "claim.", "paper.", "user."}

// AuditLog returns the latest actions, newest first: of the kinds given
// (action prefixes, such as CommunityActions), or of every kind.
func (s *Store) AuditLog(ctx context.Context, limit int, kinds ...string) ([]AuditEntry, error) {
	where := ""
	args := make([]any, len(kinds))
	for i, k := range kinds {
		where += " OR a.action LIKE ?"
		args[i] = k + "%"
	}
	if where != "" {
		where = " WHERE " + where[len(" OR "):]
	}
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT a.at, COALESCE(u.name, ''), a.action, a.target, a.detail
		FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id`+where+` ORDER BY a.id DESC LIMIT `+fmt.Sprint(limit)), args...)
	if err != nil {
		return nil, fmt.Errorf("AuditLog: %w", err)
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var e AuditEntry
		if err := rows.Scan(&e.At, &e.Actor, &e.Action, &e.Target, &e.Detail); err != nil {
			return nil, fmt.Errorf("AuditLog: %w", err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
