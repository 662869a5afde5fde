package foryou_test

import (
	"context"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/recs"
	"github.com/dailypapers/dailypapers/internal/store"
)

// memStore is the storage For you reads, in memory: vectors by id (a
// paper missing from vecs has none yet), the period's candidates, and the
// bounds it was asked for.
type memStore struct {
	sig      store.Signals
	vecs     map[string]recs.Vector
	cands    []string
	from, to time.Time
}

func (m *memStore) ReaderSignals(context.Context, int64, int) (store.Signals, error) {
	return m.sig, nil
}

func (m *memStore) items(ids []string) []recs.Item {
	var out []recs.Item
	for _, id := range ids {
		if v, ok := m.vecs[id]; ok {
			out = append(out, recs.Item{ID: id, Vec: v})
		}
	}
	return out
}

func (m *memStore) VectorsOf(_ context.Context, ids []string) ([]recs.Item, error) {
	return m.items(ids), nil
}

func (m *memStore) PeriodVectors(_ context.Context, from, to time.Time) ([]recs.Item, error) {
	m.from, m.to = from, to
	return m.items(m.cands), nil
}

func (m *memStore) EntriesInOrder(context.Context, []string) ([]store.DayEntry, error) {
	return nil, nil
}

// vec is a unit vector over two terms, at angle a.
func vec(a float64) recs.Vector {
	return recs.Vector{Terms: []uint32{1, 2}, Weights: []uint16{uint16(math.Cos(a) * math.MaxUint16), uint16(math.Sin(a) * math.MaxUint16)}}
}

// TestForYou: fewer than 3 positives is "not enough"; signals are never
// picked, even without a vector; papers without a vector are skipped; the
// reason names the nearest positive and how it was given; a week's bounds
// are the site's midnights.
func TestForYou(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	m := &memStore{
		sig:  store.Signals{Saved: []string{"s1", "s2"}, Upvoted: []string{"u1", "s1"}, Dismissed: []string{"d1"}},
		vecs: map[string]recs.Vector{"s1": vec(0), "s2": vec(0.1), "u1": vec(1.5), "d1": vec(0.8), "c1": vec(0.05), "c2": vec(1.45), "c3": vec(0.8)},
		// s2 and d1 are candidates too; "novec" has no vector yet.
		cands: []string{"c1", "c2", "c3", "s2", "novec", "d1"},
	}
	svc := foryou.New(m, ny)
	week, _ := period.ParseWeek("2026-W10") // 2–8 March; DST starts on the 8th
	l, err := svc.ForYou(t.Context(), 1, week, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !l.Enough || l.Positives != 3 {
		t.Fatalf("list %+v: want 3 positives (s1 saved and upvoted counts once), enough", l)
	}
	byID := map[string]foryou.Pick{}
	var ids []string
	for _, p := range l.Picks {
		ids = append(ids, p.ID)
		byID[p.ID] = p
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []string{"c1", "c2", "c3"}) {
		t.Errorf("picks %v, want c1, c2 and c3: never a signal, nothing without a vector", ids)
	}
	if p := byID["c1"]; p.Like != "s1" || p.Why != foryou.Saved {
		t.Errorf("c1 is like %s (%s), want s1, saved", p.Like, p.Why)
	}
	if p := byID["c2"]; p.Like != "u1" || p.Why != foryou.Upvoted {
		t.Errorf("c2 is like %s (%s), want u1, upvoted", p.Like, p.Why)
	}
	if got := foryou.Reason(foryou.Upvoted, "Title"); got != "like “Title”, which you upvoted" {
		t.Errorf("reason %q", got)
	}
	wantFrom, wantTo := time.Date(2026, 3, 2, 0, 0, 0, 0, ny), time.Date(2026, 3, 9, 0, 0, 0, 0, ny)
	if !m.from.Equal(wantFrom) || !m.to.Equal(wantTo) || m.to.Sub(m.from) != 7*24*time.Hour-time.Hour {
		t.Errorf("bounds %v – %v, want %v – %v", m.from, m.to, wantFrom, wantTo)
	}

	m.sig = store.Signals{Saved: []string{"s1"}, Upvoted: []string{"u1"}}
	if l, err := svc.ForYou(t.Context(), 1, week, 10); err != nil || l.Enough || len(l.Picks) != 0 || l.Positives != 2 {
		t.Errorf("two positives: %+v, %v; want not enough, no picks", l, err)
	}
}
