package store

import "context"

// SetCommentHTMLForTest overwrites a comment's stored HTML and the version of
// the rules it claims to be rendered under.
func (s *Store) SetCommentHTMLForTest(ctx context.Context, id int64, html string, version int) error {
	_, err := s.w.ExecContext(ctx, s.d.rebind(`UPDATE comments SET body_html = ?, html_policy = ? WHERE id = ?`), html, version, id)
	return err
}

// CommentHTMLForTest reads a comment's stored HTML and its version.
func (s *Store) CommentHTMLForTest(ctx context.Context, id int64) (html string, version int, err error) {
	err = s.r.QueryRowContext(ctx, s.d.rebind(`SELECT body_html, html_policy FROM comments WHERE id = ?`), id).Scan(&html, &version)
	return html, version, err
}
