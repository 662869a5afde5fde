package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/usertext"
)

// A comment's HTML is rendered from its Markdown once, when it is written or
// edited, and stored with the version of the rendering rules that made it
// (usertext.HTMLVersion): rendering is by far the costliest part of showing a
// comment (30 hostile comments once made a paper page cost a second), and a
// comment is read far more often than it is written.
//
// HTML made under another version (every comment from before the column,
// or after the rules change) is rendered again in two ways. RenderComments,
// which serve runs once at start, rewrites the stored rows. Until it has, a
// stale comment is rendered in memory each time it is read, and the result
// is not written back: a page view stays a read on a reader connection,
// never waiting for the writer, and a server still on the old rules that
// shares the database cannot make the two overwrite each other on every
// view.

// commentHTML sets c.HTML from the stored HTML of version v, rendering it
// afresh when v is not the current version.
func (s *Store) commentHTML(c *Comment, v int) {
	switch {
	case c.Deleted:
		c.HTML = ""
	case v != usertext.HTMLVersion:
		c.HTML = s.text().Comment(c.Body)
	}
}

// renderBatch is how many comments RenderComments renders between writes.
const renderBatch = 50

// RenderComments renders again, and stores, the HTML of every comment that
// is not deleted and whose stored HTML is older than the current rendering
// rules, a batch at a time; it returns how many it stored. A comment edited
// meanwhile keeps the HTML its edit stored.
func (s *Store) RenderComments(ctx context.Context) (int, error) {
	var after int64
	done := 0
	for {
		batch, err := s.staleComments(ctx, after)
		if err != nil || len(batch) == 0 {
			return done, err
		}
		after = batch[len(batch)-1].id
		for i := range batch {
			batch[i].html = s.text().Comment(batch[i].body)
		}
		n, err := s.storeCommentHTML(ctx, batch)
		done += n
		if err != nil {
			return done, err
		}
	}
}

type staleComment struct {
	id         int64
	body, html string
}

// staleComments reads the next batch of comments after id whose HTML is
// older than the current rules.
func (s *Store) staleComments(ctx context.Context, after int64) ([]staleComment, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT id, body FROM comments
		WHERE id > ? AND html_policy < ? AND deleted_at IS NULL ORDER BY id LIMIT ?`), after, usertext.HTMLVersion, renderBatch)
	if err != nil {
		return nil, fmt.Errorf("RenderComments: %w", err)
	}
	defer rows.Close()
	var out []staleComment
	for rows.Next() {
		var c staleComment
		if err := rows.Scan(&c.id, &c.body); err != nil {
			return nil, fmt.Errorf("RenderComments: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("RenderComments: %w", err)
	}
	return out, nil
}

// storeCommentHTML writes rendered HTML where the row still holds the text
// it was rendered from under older rules. The data version is not bumped:
// what readers see does not change, since stale rows were rendered the
// same way on every read.
func (s *Store) storeCommentHTML(ctx context.Context, batch []staleComment) (int, error) {
	done := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		done = 0
		for _, c := range batch {
			res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE comments SET body_html = ?, html_policy = ?
				WHERE id = ? AND body = ? AND html_policy < ?`), c.html, usertext.HTMLVersion, c.id, c.body, usertext.HTMLVersion)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			done += int(n)
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("RenderComments: %w", err)
	}
	return done, nil
}
