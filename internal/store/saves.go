package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// MaxSaves is how many papers one reading list holds at most.
const MaxSaves = 10_000

// MaxDismissals is how many papers one reader may dismiss at most.
const MaxDismissals = 10_000

// errListFull is a save or dismissal past its list's bound.
func errListFull(what string, max int) error {
	return paper.Public(paper.ErrConflict, fmt.Sprintf("your %s holds %d papers, the most it can: remove some first", what, max))
}

// errNoPaper is an action on a paper the store does not have.
func errNoPaper(id string) error {
	return paper.Public(paper.ErrNotFound, "we have no paper "+id)
}

// SavedPaper is one paper of a reading list: the paper, its feed entry
// when it is on a feed day, the reader's note and when they saved it.
type SavedPaper struct {
	Paper   paper.Paper
	Entry   *DayEntry // nil: on no feed day
	Note    string
	SavedAt time.Time
}

// Save puts a stored paper, on the feed or not, on the account's reading
// list. Saving a saved paper changes nothing (its note and time stay).
func (s *Store) Save(ctx context.Context, accountID int64, paperID string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.addListRow(ctx, tx, "saves", accountID, paperID, MaxSaves, "reading list")
	})
	if err != nil {
		return fmt.Errorf("Save(%q): %w", paperID, err)
	}
	return nil
}

// Dismiss records that the account is not interested in a stored paper.
// Dismissing it again changes nothing.
func (s *Store) Dismiss(ctx context.Context, accountID int64, paperID string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return s.addListRow(ctx, tx, "dismissals", accountID, paperID, MaxDismissals, "list of dismissed papers")
	})
	if err != nil {
		return fmt.Errorf("Dismiss(%q): %w", paperID, err)
	}
	return nil
}

// addListRow adds the row of (account, paper) to table, saves or
// dismissals, unless it is there already; a new row past max is refused.
// The count is read in the write transaction, so two concurrent saves
// cannot both take the last place.
func (s *Store) addListRow(ctx context.Context, tx *sql.Tx, table string, accountID int64, paperID string, max int, what string) error {
	var one int
	err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM `+table+` WHERE user_id = ? AND paper_id = ?`), accountID, paperID).Scan(&one)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM papers WHERE id = ?`), paperID).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return errNoPaper(paperID)
	}
	if err != nil {
		return err
	}
	var n int
	if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM `+table+` WHERE user_id = ?`), accountID).Scan(&n); err != nil {
		return err
	}
	if n >= max {
		return errListFull(what, max)
	}
	_, err = tx.ExecContext(ctx, s.d.rebind(`INSERT INTO `+table+` (user_id, paper_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`),
		accountID, paperID, s.now().UTC())
	return err
}

// Unsave takes a paper off the account's reading list, with its note.
// Taking off a paper that is not on it changes nothing.
func (s *Store) Unsave(ctx context.Context, accountID int64, paperID string) error {
	if err := s.deleteListRow(ctx, "saves", accountID, paperID); err != nil {
		return fmt.Errorf("Unsave(%q): %w", paperID, err)
	}
	return nil
}

// Undismiss takes back the account's dismissal of a paper, if any.
func (s *Store) Undismiss(ctx context.Context, accountID int64, paperID string) error {
	if err := s.deleteListRow(ctx, "dismissals", accountID, paperID); err != nil {
		return fmt.Errorf("Undismiss(%q): %w", paperID, err)
	}
	return nil
}

// deleteListRow deletes the row of (account, paper) from table, saves or
// dismissals, if there is one.
func (s *Store) deleteListRow(ctx context.Context, table string, accountID int64, paperID string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM `+table+` WHERE user_id = ? AND paper_id = ?`), accountID, paperID)
		return err
	})
}

// SetSaveNote sets the note of a paper on the account's reading list ("":
// none). The caller checks the text; a paper not on the list is
// paper.ErrNotFound.
func (s *Store) SetSaveNote(ctx context.Context, accountID int64, paperID, note string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE saves SET note = ? WHERE user_id = ? AND paper_id = ?`), note, accountID, paperID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return paper.Public(paper.ErrNotFound, "this paper is not on your reading list; save it first")
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("SetSaveNote(%q): %w", paperID, err)
	}
	return nil
}

// Saved returns which of the papers are on the account's reading list.
func (s *Store) Saved(ctx context.Context, accountID int64, paperIDs []string) (map[string]bool, error) {
	out, err := s.marked(ctx, "saves", accountID, paperIDs)
	if err != nil {
		return nil, fmt.Errorf("Saved: %w", err)
	}
	return out, nil
}

// marked returns which of the papers the account has a row for in table
// (upvotes, saves or dismissals).
func (s *Store) marked(ctx context.Context, table string, accountID int64, paperIDs []string) (map[string]bool, error) {
	out := make(map[string]bool)
	err := forChunks(paperIDs, s.d.maxParams()-1, func(chunk []string) error {
		ids, err := s.queryIDs(ctx, `SELECT paper_id FROM `+table+` WHERE user_id = ? AND paper_id IN (`+inList(len(chunk))+`)`,
			append([]any{accountID}, anySlice(chunk)...)...)
		for _, id := range ids {
			out[id] = true
		}
		return err
	})
	return out, err
}

// SavedPapers returns a page of the account's reading list, the latest
// save first: limit papers after the first offset.
func (s *Store) SavedPapers(ctx context.Context, accountID int64, offset, limit int) ([]SavedPaper, error) {
	if limit <= 0 || offset < 0 {
		return nil, fmt.Errorf("SavedPapers: offset %d, limit %d: %w", offset, limit, paper.ErrInvalid)
	}
	out, err := s.savedPapers(ctx, accountID, offset, limit)
	if err == nil {
		err = s.savedEntries(ctx, out)
	}
	if err != nil {
		return nil, fmt.Errorf("SavedPapers: %w", err)
	}
	return out, nil
}

func (s *Store) savedPapers(ctx context.Context, accountID int64, offset, limit int) ([]SavedPaper, error) {
	q := `SELECT ` + prefixed("p.", paperColumns) + `, v.note, v.created_at FROM saves v JOIN papers p ON p.id = v.paper_id
		WHERE v.user_id = ? ORDER BY v.created_at DESC, v.paper_id DESC LIMIT ` + fmt.Sprint(limit) + ` OFFSET ` + fmt.Sprint(offset)
	rows, err := s.r.QueryContext(ctx, s.d.rebind(q), accountID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SavedPaper
	for rows.Next() {
		var sp SavedPaper
		var pr paperRow
		if err := rows.Scan(append(pr.dest(), &sp.Note, &sp.SavedAt)...); err != nil {
			return nil, err
		}
		if sp.Paper, err = pr.paper(); err != nil {
			return nil, err
		}
		out = append(out, sp)
	}
	return out, rows.Err()
}

// savedEntries gives the saved papers on a feed day their entries, in one
// query after the list's rows are released.
func (s *Store) savedEntries(ctx context.Context, list []SavedPaper) error {
	ids := make([]string, len(list))
	for i, sp := range list {
		ids[i] = sp.Paper.ID
	}
	entries, err := s.EntriesOf(ctx, ids)
	if err != nil {
		return err
	}
	for i := range list {
		if de, ok := entries[list[i].Paper.ID]; ok {
			list[i].Entry = &de
		}
	}
	return nil
}

// Signals are what a reader told the site about papers, the latest first:
// the papers they saved and upvoted (they want more like them) and the
// ones they dismissed (they want fewer). Recommenders read them.
type Signals struct {
	Saved, Upvoted, Dismissed []string
}

// ReaderSignals returns the account's signals, at most limit of each kind.
func (s *Store) ReaderSignals(ctx context.Context, accountID int64, limit int) (Signals, error) {
	var sig Signals
	lists := []struct {
		table string
		dst   *[]string
	}{{"saves", &sig.Saved}, {"upvotes", &sig.Upvoted}, {"dismissals", &sig.Dismissed}}
	for _, l := range lists {
		ids, err := s.paperIDsOf(ctx, l.table, accountID, limit)
		if err != nil {
			return Signals{}, fmt.Errorf("ReaderSignals: %w", err)
		}
		*l.dst = ids
	}
	return sig, nil
}

// paperIDsOf lists the paper ids of the account's rows in table (saves,
// upvotes or dismissals), the latest first.
func (s *Store) paperIDsOf(ctx context.Context, table string, accountID int64, limit int) ([]string, error) {
	return s.queryIDs(ctx, `SELECT paper_id FROM `+table+` WHERE user_id = ?
		ORDER BY created_at DESC, paper_id DESC LIMIT `+fmt.Sprint(limit), accountID)
}

// queryIDs runs a query of one text column and returns its values.
func (s *Store) queryIDs(ctx context.Context, query string, args ...any) ([]string, error) {
	return queryColumn[string](ctx, s.r, s.d.rebind(query), args...)
}
