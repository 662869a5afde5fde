// Package foryou wires the For you list: a reader's saves and upvotes
// (positives) and dismissals (negatives) rank the stored papers of a
// period with recs.Rank, each pick with the reason shown beside it. The
// API, the For you page and the digest call it; it knows nothing of HTTP.
package foryou

import (
	"context"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
)

// MinPositives is how many papers a reader saves or upvotes before the
// list is shown: below it the ranking guesses from too little.
const MinPositives = 3

// maxSignals bounds the signals of each kind read per reader, the latest
// first: recent interests count, and a request's work stays bounded.
const maxSignals = 200

// Why says how the reader told us about the paper a pick is like.
type Why string

// The kinds of positive signal.
const (
	Saved   Why = "saved"
	Upvoted Why = "upvoted"
)

// Pick is one recommended paper and the positive it is most like.
type Pick struct {
	ID    string
	Score float64
	Like  string // the saved or upvoted paper it is most like
	Why   Why
}

// List is a reader's For you list of a period.
type List struct {
	Picks []Pick
	// Positives is how many papers the reader saved or upvoted (up to
	// the bound read); Enough is Positives >= MinPositives. Below it
	// Picks is empty.
	Positives int
	Enough    bool
}

// Store is the storage For you reads.
type Store interface {
	ReaderSignals(ctx context.Context, accountID int64, limit int) (store.Signals, error)
	VectorsOf(ctx context.Context, ids []string) ([]recs.Item, error)
	PeriodVectors(ctx context.Context, from, to time.Time) ([]recs.Item, error)
	EntriesInOrder(ctx context.Context, ids []string) ([]store.DayEntry, error)
}

// Service ranks For you lists.
type Service struct {
	store Store
	loc   *time.Location
}

// New returns the service over st, counting periods in the site's zone.
func New(st Store, loc *time.Location) *Service {
	if loc == nil {
		loc = time.UTC
	}
	return &Service{store: st, loc: loc}
}

// Bounds are the instants a period of the site's days spans: from its
// first day's midnight to the midnight after its last, in the site's zone.
func Bounds(p period.Period, loc *time.Location) (from, to time.Time) {
	from = time.Date(p.Start.Year(), p.Start.Month(), p.Start.Day(), 0, 0, 0, 0, loc)
	to = time.Date(p.End.Year(), p.End.Month(), p.End.Day()+1, 0, 0, 0, 0, loc)
	return from, to
}

// Candidates are the vectors of every stored paper whose first version is
// in the period. A caller ranking many readers of one period (the digest)
// reads them once and passes them to Rank.
func (s *Service) Candidates(ctx context.Context, p period.Period) ([]recs.Item, error) {
	from, to := Bounds(p, s.loc)
	return s.store.PeriodVectors(ctx, from, to)
}

// ForYou is the account's list of the period, at most limit picks.
func (s *Service) ForYou(ctx context.Context, accountID int64, p period.Period, limit int) (List, error) {
	cands, err := s.Candidates(ctx, p)
	if err != nil {
		return List{}, fmt.Errorf("ForYou(%d, %s): %w", accountID, p, err)
	}
	return s.Rank(ctx, accountID, cands, limit)
}

// Rank orders candidates for the account, best first, at most limit. It
// never returns a paper the reader saved, upvoted or dismissed, however
// many signals there are. Papers without a vector yet are neither
// candidates nor signals (the backfill reaches them).
func (s *Service) Rank(ctx context.Context, accountID int64, cands []recs.Item, limit int) (List, error) {
	sig, err := s.store.ReaderSignals(ctx, accountID, maxSignals)
	if err != nil {
		return List{}, fmt.Errorf("ForYou(%d): %w", accountID, err)
	}
	why := map[string]Why{}
	var ids []string // saves first: a paper saved and upvoted is "you saved"
	for _, id := range sig.Saved {
		why[id] = Saved
		ids = append(ids, id)
	}
	for _, id := range sig.Upvoted {
		if why[id] == "" {
			why[id] = Upvoted
			ids = append(ids, id)
		}
	}
	l := List{Positives: len(ids)}
	l.Enough = l.Positives >= MinPositives
	if !l.Enough {
		return l, nil
	}
	pos, err := s.store.VectorsOf(ctx, ids)
	if err != nil {
		return List{}, fmt.Errorf("ForYou(%d): %w", accountID, err)
	}
	var neg []recs.Item
	if len(sig.Dismissed) > 0 {
		if neg, err = s.store.VectorsOf(ctx, sig.Dismissed); err != nil {
			return List{}, fmt.Errorf("ForYou(%d): %w", accountID, err)
		}
	}
	// Signals are left out by id, whether or not they have a vector:
	// recs.Rank knows only those it was given.
	exclude := map[string]bool{}
	for _, ids := range [][]string{sig.Saved, sig.Upvoted, sig.Dismissed} {
		for _, id := range ids {
			exclude[id] = true
		}
	}
	kept := make([]recs.Item, 0, len(cands))
	for _, c := range cands {
		if !exclude[c.ID] {
			kept = append(kept, c)
		}
	}
	for _, rp := range recs.Rank(pos, neg, kept, limit) {
		l.Picks = append(l.Picks, Pick{ID: rp.ID, Score: rp.Score, Like: rp.Like, Why: why[rp.Like]})
	}
	return l, nil
}

// Reason says why a pick was made, for people: "like Title, which you
// saved".
func Reason(why Why, likeTitle string) string {
	verb := "saved"
	if why == Upvoted {
		verb = "upvoted"
	}
	if likeTitle == "" {
		return "like a paper you " + verb
	}
	return "like “" + likeTitle + "”, which you " + verb
}

// Shown is a pick as pages show it: the paper, with its feed entry when it
// has one, and the reason in words.
type Shown struct {
	Pick
	Entry     store.DayEntry
	LikeTitle string
	Reason    string
}

// Show reads the picked papers and the titles of those they are like.
func (s *Service) Show(ctx context.Context, picks []Pick) ([]Shown, error) {
	if len(picks) == 0 {
		return nil, nil
	}
	ids := make([]string, len(picks))
	likeIDs := make([]string, len(picks))
	for i, p := range picks {
		ids[i], likeIDs[i] = p.ID, p.Like
	}
	entries, err := s.store.EntriesInOrder(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("ForYou: %w", err)
	}
	likes, err := s.store.EntriesInOrder(ctx, likeIDs)
	if err != nil {
		return nil, fmt.Errorf("ForYou: %w", err)
	}
	out := make([]Shown, len(picks))
	for i, p := range picks {
		title := likes[i].Paper.Title
		out[i] = Shown{Pick: p, Entry: entries[i], LikeTitle: title, Reason: Reason(p.Why, title)}
	}
	return out, nil
}
