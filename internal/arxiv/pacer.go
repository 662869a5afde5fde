package arxiv

import (
	"context"
	"time"
)

// pacer keeps requests to arXiv one at a time and MinInterval apart. It is
// a mutex held for a whole exchange, retries and their back-off included (so
// that while arXiv asks one caller to back off, nobody else asks either),
// built on a channel so that a caller waiting for it can give up when its
// context ends.
type pacer struct {
	slot     chan struct{}
	interval time.Duration
	last     time.Time // start of the previous request; guarded by slot
}

func newPacer(interval time.Duration) *pacer {
	return &pacer{slot: make(chan struct{}, 1), interval: interval}
}

// acquire takes the pacer for one exchange; release gives it back.
func (p *pacer) acquire(ctx context.Context) error {
	select {
	case p.slot <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *pacer) release() { <-p.slot }

// wait, called with the pacer held, returns when a request may start: no
// earlier than interval after the previous request started. It records the
// start of the request it lets through.
func (p *pacer) wait(ctx context.Context, now func() time.Time, sleep func(context.Context, time.Duration) error) error {
	if !p.last.IsZero() {
		if d := p.last.Add(p.interval).Sub(now()); d > 0 {
			if err := sleep(ctx, d); err != nil {
				return err
			}
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	p.last = now()
	return nil
}
