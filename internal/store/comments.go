package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Comment is one comment of a paper's discussion, with its author.
type Comment struct {
	ID       int64
	PaperID  string
	ParentID int64 // 0: a top-level comment
	Author   Account
	Body     string // Markdown, as written
	// HTML is Body rendered and sanitized (usertext), as stored when the
	// comment was written; empty for a deleted comment.
	HTML    string
	Created time.Time
	Updated time.Time // after an edit; equal to Created otherwise
	Deleted bool      // by its author: the text is gone
	// HiddenReason is set when a curator hid the comment.
	HiddenReason string
	Reports      int // open reports
}

// Visible reports whether readers see the comment's text.
func (c Comment) Visible() bool { return !c.Deleted && c.HiddenReason == "" }

// Edited reports whether the comment was changed after it was written.
func (c Comment) Edited() bool { return c.Updated.After(c.Created) }

// HideReasons are the reasons a curator may give for hiding a comment.
var HideReasons = []string{"spam", "abuse", "off-topic", "resolved"}

// CommentEdit is an earlier text of an edited comment.
type CommentEdit struct {
	Body   string
	Edited time.Time // when it was replaced
}

const commentSelect = `SELECT c.id, c.paper_id, COALESCE(c.parent_id, 0), c.body, c.body_html, c.html_policy, c.created_at, c.updated_at,
	c.deleted_at IS NOT NULL, c.hidden_reason,
	(SELECT COUNT(*) FROM comment_reports r WHERE r.comment_id = c.id AND r.resolved_at IS NULL),
	u.id, u.name, u.full_name, u.avatar_url, COALESCE(u.email, ''), u.role, u.created_at
	FROM comments c JOIN users u ON u.id = c.user_id`

func (s *Store) queryComments(ctx context.Context, op, where string, args ...any) ([]Comment, error) {
	out, versions, err := s.scanComments(ctx, op, where, args...)
	if err != nil {
		return nil, err
	}
	// Outside the query: rendering is CPU work, not to be done while
	// holding one of the pool's connections.
	for i := range out {
		s.commentHTML(&out[i], versions[i])
	}
	return out, nil
}

// scanComments runs a comment query and returns its rows with the policy
// version of each row's stored HTML.
func (s *Store) scanComments(ctx context.Context, op, where string, args ...any) ([]Comment, []int, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(commentSelect+` `+where), args...)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", op, err)
	}
	defer rows.Close()
	var out []Comment
	var versions []int
	for rows.Next() {
		var c Comment
		var v int
		a := &c.Author
		if err := rows.Scan(&c.ID, &c.PaperID, &c.ParentID, &c.Body, &c.HTML, &v, &c.Created, &c.Updated, &c.Deleted, &c.HiddenReason, &c.Reports,
			&a.ID, &a.Name, &a.FullName, &a.AvatarURL, &a.Email, &a.Role, &a.CreatedAt); err != nil {
			return nil, nil, fmt.Errorf("%s: %w", op, err)
		}
		out = append(out, c)
		versions = append(versions, v)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("%s: %w", op, err)
	}
	return out, versions, nil
}

// Comments returns a paper's whole discussion in the order it was written,
// deleted and hidden comments included: callers decide what to show.
func (s *Store) Comments(ctx context.Context, paperID string) ([]Comment, error) {
	return s.queryComments(ctx, fmt.Sprintf("Comments(%q)", paperID), `WHERE c.paper_id = ? ORDER BY c.id`, paperID)
}

// Comment returns one comment, or an error wrapping paper.ErrNotFound.
func (s *Store) Comment(ctx context.Context, id int64) (Comment, error) {
	cs, err := s.queryComments(ctx, fmt.Sprintf("Comment(%d)", id), `WHERE c.id = ?`, id)
	if err != nil {
		return Comment{}, err
	}
	if len(cs) == 0 {
		return Comment{}, fmt.Errorf("Comment(%d): %w", id, paper.ErrNotFound)
	}
	return cs[0], nil
}

// ErrReplyToReply means a reply answered a reply: discussions have one
// level of replies.
var ErrReplyToReply = paper.Public(paper.ErrInvalid, "replies answer a comment, not another reply")

// AddComment adds a comment (parentID 0) or a reply to a paper on the feed
// and returns its id. The comment's HTML is rendered here, once, and stored
// with it.
func (s *Store) AddComment(ctx context.Context, paperID string, parentID, authorID int64, body string) (int64, error) {
	var id int64
	now := s.now().UTC()
	html := s.text().Comment(body) // before the transaction: it holds the writer
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := onFeed(ctx, s, tx, paperID); err != nil {
			return err
		}
		var parent sql.NullInt64
		if parentID != 0 {
			var parentPaper string
			var grandparent sql.NullInt64
			err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT paper_id, parent_id FROM comments WHERE id = ?`), parentID).Scan(&parentPaper, &grandparent)
			if errors.Is(err, sql.ErrNoRows) || (err == nil && parentPaper != paperID) {
				return fmt.Errorf("comment %d: %w", parentID, paper.ErrNotFound)
			}
			if err != nil {
				return err
			}
			if grandparent.Valid {
				return ErrReplyToReply
			}
			parent = sql.NullInt64{Int64: parentID, Valid: true}
		}
		err := tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO comments (paper_id, parent_id, user_id, body, body_html, html_policy, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), paperID, parent, authorID, body, html, usertext.HTMLVersion, now, now).Scan(&id)
		if err != nil {
			return err
		}
		return s.countComment(ctx, tx, paperID, 1)
	})
	if err != nil {
		return 0, fmt.Errorf("AddComment(%q): %w", paperID, err)
	}
	return id, nil
}

// countComment moves a paper's comment count as a comment appears or
// disappears from readers' view.
func (s *Store) countComment(ctx context.Context, tx *sql.Tx, paperID string, delta int) error {
	_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE daily_entries SET num_comments = num_comments + ?, local_comments = local_comments + ?
		WHERE paper_id = ?`), delta, delta, paperID)
	if err != nil {
		return fmt.Errorf("count comment: %w", err)
	}
	return s.bumpVersion(ctx, tx)
}

// EditComment replaces a comment's text, and its stored HTML, and keeps the
// old text in its history. A deleted comment cannot be edited.
func (s *Store) EditComment(ctx context.Context, id int64, body string) error {
	now := s.now().UTC()
	html := s.text().Comment(body) // before the transaction: it holds the writer
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockComment(ctx, tx, id); err != nil {
			return err
		}
		var old string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT body FROM comments WHERE id = ? AND deleted_at IS NULL`), id).Scan(&old)
		if errors.Is(err, sql.ErrNoRows) {
			return paper.ErrNotFound
		}
		if err != nil {
			return err
		}
		if old == body {
			return nil
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO comment_edits (comment_id, body, edited_at) VALUES (?, ?, ?)`), id, old, now); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE comments SET body = ?, body_html = ?, html_policy = ?, updated_at = ? WHERE id = ?`),
			body, html, usertext.HTMLVersion, now, id); err != nil {
			return err
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("EditComment(%d): %w", id, err)
	}
	return nil
}

// CommentHistory returns the earlier texts of a comment, oldest first.
func (s *Store) CommentHistory(ctx context.Context, id int64) ([]CommentEdit, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT body, edited_at FROM comment_edits WHERE comment_id = ? ORDER BY edited_at`), id)
	if err != nil {
		return nil, fmt.Errorf("CommentHistory(%d): %w", id, err)
	}
	defer rows.Close()
	var out []CommentEdit
	for rows.Next() {
		var e CommentEdit
		if err := rows.Scan(&e.Body, &e.Edited); err != nil {
			return nil, fmt.Errorf("CommentHistory(%d): %w", id, err)
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// DeleteComment removes a comment's text at its author's request; its
// place in the discussion stays, so that replies still make sense.
func (s *Store) DeleteComment(ctx context.Context, id int64) error {
	return s.setCommentState(ctx, fmt.Sprintf("DeleteComment(%d)", id), id,
		`UPDATE comments SET deleted_at = ? WHERE id = ? AND deleted_at IS NULL`, s.now().UTC(), id)
}

// HideComment hides a comment from readers for a reason (see HideReasons);
// an empty reason shows it again.
func (s *Store) HideComment(ctx context.Context, id int64, reason string, by int64) error {
	return s.setCommentState(ctx, fmt.Sprintf("HideComment(%d)", id), id,
		`UPDATE comments SET hidden_reason = ?, hidden_by = ?, hidden_at = ? WHERE id = ?`, reason, by, s.now().UTC(), id)
}

// setCommentState changes whether a comment is visible and keeps the
// paper's comment count in step.
func (s *Store) setCommentState(ctx context.Context, op string, id int64, update string, args ...any) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if err := s.lockComment(ctx, tx, id); err != nil {
			return err
		}
		visible := func() (string, bool, error) {
			var paperID string
			var v bool
			err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT paper_id, deleted_at IS NULL AND hidden_reason = '' FROM comments WHERE id = ?`), id).Scan(&paperID, &v)
			if errors.Is(err, sql.ErrNoRows) {
				return "", false, paper.ErrNotFound
			}
			return paperID, v, err
		}
		paperID, before, err := visible()
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.d.rebind(update), args...); err != nil {
			return err
		}
		_, after, err := visible()
		if err != nil {
			return err
		}
		switch {
		case before && !after:
			return s.countComment(ctx, tx, paperID, -1)
		case !before && after:
			return s.countComment(ctx, tx, paperID, 1)
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}

// lockComment holds a comment's row until the transaction ends, so that a
// change read-then-written cannot interleave with another: on PostgreSQL two
// deletes at once would otherwise both see the comment visible and count it
// out twice, and two edits both keep the same old text. (SQLite has one
// writer anyway.) A missing comment is paper.ErrNotFound.
func (s *Store) lockComment(ctx context.Context, tx *sql.Tx, id int64) error {
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE comments SET body = body WHERE id = ?`), id)
	if err != nil {
		return fmt.Errorf("lock comment: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return paper.ErrNotFound
	}
	return nil
}

// CommentsBy returns an account's visible comments, newest first.
func (s *Store) CommentsBy(ctx context.Context, accountID int64, limit int) ([]Comment, error) {
	return s.queryComments(ctx, "CommentsBy", `WHERE c.user_id = ? AND c.deleted_at IS NULL AND c.hidden_reason = ''
		ORDER BY c.id DESC LIMIT `+fmt.Sprint(limit), accountID)
}
