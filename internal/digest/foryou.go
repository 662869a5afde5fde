package digest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dailypapers/dailypapers/internal/digestmail"
	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
)

// maxForYou is how many For you picks a digest carries.
const maxForYou = 5

// forYouPlanner chooses the "Picked for you" section of a run's messages:
// for each subscriber whose address belongs to an account with enough
// signals, the period's papers most like what they saved and upvoted,
// leaving out the run's top papers. The period's vectors are read once a
// run, not once a subscriber; the papers picked are read once a run too.
type forYouPlanner struct {
	svc   *foryou.Service
	store *store.Store
	f     frozen
	cands []recs.Item
	items map[string]digestmail.Item // papers read so far, picks and likes
}

func (s *Service) newForYouPlanner(ctx context.Context, per period.Period, f frozen) (*forYouPlanner, error) {
	svc := foryou.New(s.store, s.opts.Location)
	all, err := svc.Candidates(ctx, per)
	if err != nil {
		return nil, err
	}
	top := map[string]bool{}
	for _, c := range f.Top {
		top[c.ID] = true
	}
	cands := make([]recs.Item, 0, len(all))
	for _, c := range all {
		if !top[c.ID] {
			cands = append(cands, c)
		}
	}
	return &forYouPlanner{svc: svc, store: s.store, f: f, cands: cands, items: map[string]digestmail.Item{}}, nil
}

// picks is PlanDeliveriesWith's chooser: topic picks and For you picks
// for a page of subscribers.
func (fp *forYouPlanner) picks(ctx context.Context, subs []store.Subscriber) ([]store.Picks, error) {
	out := make([]store.Picks, len(subs))
	lists := make([][]foryou.Pick, len(subs))
	accounts, err := fp.accounts(ctx, subs)
	if err != nil {
		return nil, err
	}
	var missing []string
	for i, sub := range subs {
		out[i].Topics = fp.f.picksFor(sub)
		if accounts[i] == 0 || len(fp.cands) == 0 {
			continue
		}
		l, err := fp.svc.Rank(ctx, accounts[i], fp.cands, maxForYou)
		if err != nil {
			return nil, err
		}
		lists[i] = l.Picks
		for _, p := range l.Picks {
			for _, id := range []string{p.ID, p.Like} {
				if _, ok := fp.items[id]; !ok {
					fp.items[id] = digestmail.Item{}
					missing = append(missing, id)
				}
			}
		}
	}
	if err := fp.read(ctx, missing); err != nil {
		return nil, err
	}
	for i, l := range lists {
		if len(l) == 0 {
			continue
		}
		items := make([]digestmail.Item, len(l))
		for j, p := range l {
			items[j] = fp.items[p.ID]
			items[j].Reason = foryou.Reason(p.Why, fp.items[p.Like].Title)
		}
		data, err := json.Marshal(items)
		if err != nil {
			return nil, err
		}
		out[i].ForYou = data
	}
	return out, nil
}

// accounts are the subscribers' accounts, 0 for none: the one linked when
// they subscribed from settings, else the account signed in with the same
// address (signing in proved it is theirs).
func (fp *forYouPlanner) accounts(ctx context.Context, subs []store.Subscriber) ([]int64, error) {
	out := make([]int64, len(subs))
	var unlinked []string
	for i, sub := range subs {
		out[i] = sub.UserID
		if sub.UserID == 0 {
			unlinked = append(unlinked, sub.Email)
		}
	}
	if len(unlinked) == 0 || len(fp.cands) == 0 {
		return out, nil
	}
	ids, err := fp.store.AccountIDsByEmail(ctx, unlinked)
	if err != nil {
		return nil, err
	}
	for i, sub := range subs {
		if out[i] == 0 {
			out[i] = ids[strings.ToLower(sub.Email)]
		}
	}
	return out, nil
}

// read reads the papers of ids into the planner's items.
func (fp *forYouPlanner) read(ctx context.Context, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	es, err := fp.store.EntriesInOrder(ctx, ids)
	if err != nil {
		return fmt.Errorf("for-you picks: %w", err)
	}
	for _, de := range es {
		fp.items[de.Paper.ID] = candidateOf(de).Item
	}
	return nil
}

// forYouItems reads a delivery's frozen For you picks.
func forYouItems(raw json.RawMessage) ([]digestmail.Item, error) {
	if len(raw) == 0 {
		return nil, nil
	}
	var items []digestmail.Item
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, fmt.Errorf("for-you picks: %w", err)
	}
	return items, nil
}
