package arxiv_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// memStore is an in-memory CheckpointStore that remembers every save, and
// writes each to a shared event log so tests can check what came first.
type memStore struct {
	mu     sync.Mutex
	cps    map[string]arxiv.Checkpoint
	saves  []arxiv.Checkpoint
	events *[]string
}

func newMemStore(events *[]string) *memStore {
	return &memStore{cps: map[string]arxiv.Checkpoint{}, events: events}
}

func (m *memStore) LoadCheckpoint(_ context.Context, key string) (arxiv.Checkpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	cp, ok := m.cps[key]
	if !ok {
		return arxiv.Checkpoint{}, fmt.Errorf("checkpoint %q: %w", key, paper.ErrNotFound)
	}
	return cp, nil
}

func (m *memStore) SaveCheckpoint(_ context.Context, cp arxiv.Checkpoint) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.cps[cp.Key] = cp
	m.saves = append(m.saves, cp)
	if m.events != nil {
		*m.events = append(*m.events, fmt.Sprintf("save %q", cp.ResumptionToken))
	}
	return nil
}

func (m *memStore) Saves() []arxiv.Checkpoint {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]arxiv.Checkpoint(nil), m.saves...)
}
