package community

import (
	"context"
	"strconv"

	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// MaxNote is how many characters a note on a saved paper holds (the
// schema's bound, migration 16).
const MaxNote = 1000

// Save puts a stored paper on the account's reading list (save) or takes
// it off, note and all. Repeating either changes nothing.
func (s *Service) Save(ctx context.Context, a store.Account, paperID string, save bool) error {
	return s.listChange(ctx, a, func() error {
		if save {
			return s.store.Save(ctx, a.ID, paperID)
		}
		return s.store.Unsave(ctx, a.ID, paperID)
	})
}

// SetNote sets the note of a paper on the account's reading list: a few
// lines of plain text, "" for none.
func (s *Service) SetNote(ctx context.Context, a store.Account, paperID, note string) error {
	note, err := lines("note", note, MaxNote)
	if err != nil {
		return err
	}
	return s.listChange(ctx, a, func() error { return s.store.SetSaveNote(ctx, a.ID, paperID, note) })
}

// SaveWithNote saves a paper with a note (see SetNote): a note that is
// refused saves nothing.
func (s *Service) SaveWithNote(ctx context.Context, a store.Account, paperID, note string) error {
	note, err := lines("note", note, MaxNote)
	if err != nil {
		return err
	}
	return s.listChange(ctx, a, func() error {
		if err := s.store.Save(ctx, a.ID, paperID); err != nil {
			return err
		}
		return s.store.SetSaveNote(ctx, a.ID, paperID, note)
	})
}

// Dismiss records that the account is not interested in a stored paper
// (dismiss), or takes that back. Repeating either changes nothing.
func (s *Service) Dismiss(ctx context.Context, a store.Account, paperID string, dismiss bool) error {
	return s.listChange(ctx, a, func() error {
		if dismiss {
			return s.store.Dismiss(ctx, a.ID, paperID)
		}
		return s.store.Undismiss(ctx, a.ID, paperID)
	})
}

// listChange runs a change to the account's reading list or dismissals
// under their shared rate limit.
func (s *Service) listChange(ctx context.Context, a store.Account, change func() error) error {
	return ratelimit.Do(ctx, s.limits.save, strconv.FormatInt(a.ID, 10), "changes to your reading list", change)
}
