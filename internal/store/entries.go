package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// DayEntry is a feed entry with its paper and submitter, as pages show it.
type DayEntry struct {
	Entry     paper.Entry
	Paper     paper.Paper
	Submitter *paper.User
	// AuthorParticipating: a verified author of the paper (see Claim)
	// takes part in its discussion.
	AuthorParticipating bool
}

const entryColumns = `e.paper_id, e.day, e.submitted_at, COALESCE(u.name, ''), e.upvotes, e.num_comments, e.thumbnail, e.media_urls`

// importedEntryColumns are entryColumns with the counts an import brought:
// the totals less the votes and comments made on this site.
const importedEntryColumns = `e.paper_id, e.day, e.submitted_at, COALESCE(u.name, ''), e.upvotes - e.local_upvotes, e.num_comments - e.local_comments, e.thumbnail, e.media_urls`

func scanEntry(sc scanner, dst *paper.Entry, extra ...any) error {
	var media string
	dest := append([]any{&dst.PaperID, &dst.Day, &dst.SubmittedAt, &dst.Submitter, &dst.Upvotes, &dst.NumComments, &dst.Thumbnail, &media}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return err
	}
	if err := json.Unmarshal([]byte(media), &dst.MediaURLs); err != nil {
		return fmt.Errorf("entry %s: decode media URLs: %w", dst.PaperID, err)
	}
	dst.Normalize()
	return nil
}

// entriesByPaper loads the stored entries of the papers, in a transaction.
func (s *Store) entriesByPaper(ctx context.Context, tx *sql.Tx, ids []string) (map[string]*paper.Entry, error) {
	out := make(map[string]*paper.Entry, len(ids))
	err := forChunks(ids, s.d.maxParams(), func(chunk []string) error {
		// The import compares and merges imported counts: votes and
		// comments made here are kept apart (see writeEntries).
		q := `SELECT ` + importedEntryColumns + ` FROM daily_entries e LEFT JOIN users u ON u.id = e.submitter_id
			WHERE e.paper_id IN (` + inList(len(chunk)) + `)`
		rows, err := tx.QueryContext(ctx, s.d.rebind(q), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e paper.Entry
			if err := scanEntry(rows, &e); err != nil {
				return err
			}
			out[e.PaperID] = &e
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load entries: %w", err)
	}
	return out, nil
}

// writeEntries inserts or replaces entries; userIDs maps submitter names to
// ids. The counts written are imported ones: the votes and comments made on
// this site are added back, so a re-import never loses them.
func (s *Store) writeEntries(ctx context.Context, tx *sql.Tx, es []paper.Entry, userIDs map[string]int64) error {
	const cols = 8
	perStmt := min(500, s.d.maxParams()/cols)
	return forChunks(es, perStmt, func(chunk []paper.Entry) error {
		args := make([]any, 0, len(chunk)*cols)
		for _, e := range chunk {
			media, err := marshalList(e.MediaURLs)
			if err != nil {
				return err
			}
			var submitter sql.NullInt64
			if id, ok := userIDs[e.Submitter]; ok && e.Submitter != "" {
				submitter = sql.NullInt64{Int64: id, Valid: true}
			}
			args = append(args, e.PaperID, e.Day, e.SubmittedAt.UTC(), submitter, e.Upvotes, e.NumComments, e.Thumbnail, media)
		}
		q := `INSERT INTO daily_entries (paper_id, day, submitted_at, submitter_id, upvotes, num_comments, thumbnail, media_urls)
			VALUES ` + placeholders(len(chunk), cols) + ` ON CONFLICT (paper_id) DO UPDATE SET
			day = excluded.day, submitted_at = excluded.submitted_at,
			submitter_id = excluded.submitter_id,
			upvotes = excluded.upvotes + daily_entries.local_upvotes,
			num_comments = excluded.num_comments + daily_entries.local_comments,
			thumbnail = excluded.thumbnail, media_urls = excluded.media_urls`
		if _, err := tx.ExecContext(ctx, s.d.rebind(q), args...); err != nil {
			return fmt.Errorf("write entries: %w", err)
		}
		return nil
	})
}

// LatestDay returns the most recent feed day that has entries, or an error
// wrapping paper.ErrNotFound when there are none.
func (s *Store) LatestDay(ctx context.Context) (string, error) {
	var day sql.NullString
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(day) FROM daily_entries`).Scan(&day); err != nil {
		return "", fmt.Errorf("LatestDay: %w", err)
	}
	if !day.Valid {
		return "", fmt.Errorf("LatestDay: %w", paper.ErrNotFound)
	}
	return day.String, nil
}
