package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// ListQuery selects feed entries: the papers of a day, week or month, of a
// submitter, or all of them.
type ListQuery struct {
	From, To  string // feed days, inclusive (YYYY-MM-DD); empty: unbounded
	Submitter string // an account's name; empty: anyone
	// AnyOrigin matches Submitter among imported Hugging Face users too
	// (the API's submitter=, named as on Hugging Face); a profile page of
	// this site never does.
	AnyOrigin bool
	Limit     int // at most this many; 0: no limit
	Offset    int
}

// Entries returns the feed entries the query selects, most upvoted first
// (ties: earlier submission, then id), each with its paper and submitter.
func (s *Store) Entries(ctx context.Context, q ListQuery) ([]DayEntry, error) {
	var where []string
	var args []any
	if q.From != "" {
		where, args = append(where, "e.day >= ?"), append(args, q.From)
	}
	if q.To != "" {
		where, args = append(where, "e.day <= ?"), append(args, q.To)
	}
	if q.Submitter != "" {
		if q.AnyOrigin {
			// The name shown: the account's if one submitted it here, else the imported one.
			where, args = append(where, "COALESCE(u.name, h.name) = ?"), append(args, q.Submitter)
		} else {
			where, args = append(where, "u.name = ?"), append(args, q.Submitter)
		}
	}
	query := entrySelect
	if len(where) > 0 {
		query += ` WHERE ` + strings.Join(where, " AND ")
	}
	query += ` ORDER BY e.upvotes DESC, e.submitted_at ASC, e.paper_id ASC`
	if q.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d OFFSET %d`, q.Limit, max(q.Offset, 0))
	}
	out, err := s.queryEntries(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("Entries(%+v): %w", q, err)
	}
	return out, nil
}

// DayEntries returns the entries of a feed day, most upvoted first.
func (s *Store) DayEntries(ctx context.Context, day string) ([]DayEntry, error) {
	return s.Entries(ctx, ListQuery{From: day, To: day})
}

// Entry returns the feed entry of a paper, or an error wrapping
// paper.ErrNotFound when the paper is on no day.
func (s *Store) Entry(ctx context.Context, paperID string) (DayEntry, error) {
	query := entrySelect + `
		WHERE e.paper_id = ?`
	es, err := s.queryEntries(ctx, query, paperID)
	if err != nil {
		return DayEntry{}, fmt.Errorf("Entry(%q): %w", paperID, err)
	}
	if len(es) == 0 {
		return DayEntry{}, fmt.Errorf("Entry(%q): %w", paperID, paper.ErrNotFound)
	}
	return es[0], nil
}

// entrySelect selects feed entries with their papers and submitters, for
// queryEntries; callers add WHERE and ORDER BY.
var entrySelect = `SELECT ` + entryColumns + `, ` + prefixed("p.", paperColumns) +
	`, COALESCE(u.full_name, h.full_name, ''), COALESCE(u.avatar_url, h.avatar_url, ''), COALESCE(u.type, h.type, ''),
	COALESCE(u.hf_id, h.hf_id, ''), COALESCE(u.id, 0), h.id IS NOT NULL, ` + authorParticipating + `
	FROM daily_entries e JOIN papers p ON p.id = e.paper_id LEFT JOIN users u ON u.id = e.submitter_id
	LEFT JOIN hf_users h ON h.id = e.hf_submitter_id`

// queryEntries runs a query made from entrySelect.
func (s *Store) queryEntries(ctx context.Context, query string, args ...any) ([]DayEntry, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return scanEntries(rows)
}

// scanEntries reads the entries of rows (entrySelect) and closes them.
func scanEntries(rows *sql.Rows) ([]DayEntry, error) {
	defer rows.Close()
	var out []DayEntry
	for rows.Next() {
		var de DayEntry
		var u paper.User
		var pr paperRow
		var imported bool
		if err := scanEntry(rows, &de.Entry, append(pr.dest(), &u.FullName, &u.AvatarURL, &u.Type, &u.HFID, &de.SubmitterID, &imported, &de.AuthorParticipating)...); err != nil {
			return nil, err
		}
		var err error
		if de.Paper, err = pr.paper(); err != nil {
			return nil, err
		}
		switch {
		case de.SubmitterID != 0:
			u.Origin = paper.OriginLocal
		case imported:
			u.Origin = paper.OriginHF
		}
		if de.Entry.Submitter != "" && u.Origin != "" {
			u.Name = de.Entry.Submitter
			de.Submitter = &u
		}
		out = append(out, de)
	}
	return out, rows.Err()
}

// AdjacentDays returns the nearest feed days with entries before and after
// day; either is empty when there is none.
func (s *Store) AdjacentDays(ctx context.Context, day string) (prev, next string, err error) {
	var p, n sql.NullString
	err = s.r.QueryRowContext(ctx, s.d.rebind(`SELECT
		(SELECT MAX(day) FROM daily_entries WHERE day < ?),
		(SELECT MIN(day) FROM daily_entries WHERE day > ?)`), day, day).Scan(&p, &n)
	if err != nil {
		return "", "", fmt.Errorf("AdjacentDays(%s): %w", day, err)
	}
	return p.String, n.String, nil
}

// PaperPage is one page of ListPapers.
type PaperPage struct {
	Papers []paper.Paper
	// Next is the cursor of the following page, empty on the last.
	Next string
}

// ListPapers returns all papers, newest first (by first publication, then
// id), limit at a time; cursor is "" for the first page and a page's Next for
// the following one.
func (s *Store) ListPapers(ctx context.Context, cursor string, limit int) (PaperPage, error) {
	if limit <= 0 {
		return PaperPage{}, fmt.Errorf("ListPapers: limit %d: %w", limit, paper.ErrInvalid)
	}
	query := `SELECT ` + paperColumns + ` FROM papers`
	var args []any
	if cursor != "" {
		c, err := decodeCursor(cursor)
		if err != nil {
			return PaperPage{}, fmt.Errorf("ListPapers: %w", err)
		}
		// Rows after the cursor in (published_at DESC, id DESC) order; papers
		// without a date sort last.
		query += ` WHERE (published_at < ? OR (published_at = ? AND id < ?) OR (published_at IS NULL AND (? OR id < ?)))`
		args = append(args, c.published, c.published, c.id, c.published.Valid, c.id)
	}
	query += fmt.Sprintf(` ORDER BY published_at DESC NULLS LAST, id DESC LIMIT %d`, limit+1)
	rows, err := s.r.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return PaperPage{}, fmt.Errorf("ListPapers: %w", err)
	}
	defer rows.Close()
	var page PaperPage
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return PaperPage{}, fmt.Errorf("ListPapers: %w", err)
		}
		page.Papers = append(page.Papers, p)
	}
	if err := rows.Err(); err != nil {
		return PaperPage{}, fmt.Errorf("ListPapers: %w", err)
	}
	if len(page.Papers) > limit {
		page.Papers = page.Papers[:limit]
		last := page.Papers[limit-1]
		page.Next = encodeCursor(last.PublishedAt, last.ID)
	}
	return page, nil
}

var errBadCursor = errors.New("bad cursor")
