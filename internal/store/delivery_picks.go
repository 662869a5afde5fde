package store

import (
	"bytes"
	"context"
	"encoding/json"
)

// Picks are what one delivery holds beyond its run's shared content,
// frozen at planning so that a resent message is the same: the topic
// picks (ids of the run's papers) and the For you picks, which the digest
// encodes as it likes (titles and reasons included: they may be papers
// the run's content does not hold).
//
// The deliveries.picks column is this object when there are For you
// picks; without them it is the topics' array, as before they existed.
type Picks struct {
	Topics []string        `json:"topics"`
	ForYou json.RawMessage `json:"forYou,omitempty"` // nil: none
}

func (p Picks) encode() (string, error) {
	var data []byte
	var err error
	if len(p.ForYou) == 0 {
		data, err = json.Marshal(nonNil(p.Topics))
	} else {
		data, err = json.Marshal(Picks{Topics: nonNil(p.Topics), ForYou: p.ForYou})
	}
	return string(data), err
}

func decodePicks(s string) (Picks, error) {
	b := bytes.TrimSpace([]byte(s))
	if len(b) > 0 && b[0] == '{' {
		var p Picks
		err := json.Unmarshal(b, &p)
		return p, err
	}
	var p Picks
	err := json.Unmarshal(b, &p.Topics)
	return p, err
}

// PlanDeliveries inserts a queued delivery for every active, unsuppressed
// subscriber of the run's frequency that has none yet, with the topic
// picks fn chooses for them, and marks the run planned (see
// PlanDeliveriesWith).
func (s *Store) PlanDeliveries(ctx context.Context, run Run, fn func(Subscriber) []string) (int, error) {
	return s.PlanDeliveriesWith(ctx, run, func(_ context.Context, subs []Subscriber) ([]Picks, error) {
		out := make([]Picks, len(subs))
		for i, sub := range subs {
			out[i].Topics = fn(sub)
		}
		return out, nil
	})
}
