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
	Submitter *paper.User // its Origin says whether an account of this site submitted it
	// SubmitterID is the account that submitted the paper here; 0 when none
	// did (an imported submitter is no account).
	SubmitterID int64
	// AuthorParticipating: a verified author of the paper (see Claim)
	// takes part in its discussion.
	AuthorParticipating bool
}

// SubmittedBy reports whether the account submitted the entry on this site.
// An imported submitter of the same name is someone else.
func (de DayEntry) SubmittedBy(a Account) bool { return de.SubmitterID != 0 && de.SubmitterID == a.ID }

// entryColumns name the submitter an account of this site when one
// submitted the paper here, else the imported one.
const entryColumns = `e.paper_id, e.day, e.submitted_at, COALESCE(u.name, h.name, ''), e.upvotes, e.num_comments, e.local_comments, e.thumbnail, e.media_urls`

// importedEntryColumns are the entry as imports see it: the imported
// submitter only (a submission made here is not theirs to change), and the
// counts an import brought, the totals less the votes and comments made on
// this site.
const importedEntryColumns = `e.paper_id, e.day, e.submitted_at, COALESCE(h.name, ''), e.upvotes - e.local_upvotes, e.num_comments - e.local_comments, 0, e.thumbnail, e.media_urls`

func scanEntry(sc scanner, dst *paper.Entry, extra ...any) error {
	var media string
	dest := append([]any{&dst.PaperID, &dst.Day, &dst.SubmittedAt, &dst.Submitter, &dst.Upvotes, &dst.NumComments, &dst.LocalComments, &dst.Thumbnail, &media}, extra...)
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
		q := `SELECT ` + importedEntryColumns + ` FROM daily_entries e LEFT JOIN hf_users h ON h.id = e.hf_submitter_id
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
// the ids of imported users. The counts written are imported ones: the votes
// and comments made on this site are added back, so a re-import never loses
// them. A submission made here (submitter_id) is never touched.
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
		q := `INSERT INTO daily_entries (paper_id, day, submitted_at, hf_submitter_id, upvotes, num_comments, thumbnail, media_urls)
			VALUES ` + placeholders(len(chunk), cols) + ` ON CONFLICT (paper_id) DO UPDATE SET
			day = excluded.day, submitted_at = excluded.submitted_at,
			hf_submitter_id = excluded.hf_submitter_id,
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
