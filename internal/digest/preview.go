package digest

import (
	"context"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Preview composes the digest of a frequency and period as a subscriber
// without topics would get it, without planning anything: for `digest
// preview` and the admin page. A planned run shows its frozen content.
func (s *Service) Preview(ctx context.Context, frequency, p string) (mail.Message, error) {
	per, err := periodOf(frequency, p)
	if err != nil {
		return mail.Message{}, err
	}
	run, err := s.store.RunByPeriod(ctx, frequency, per.String())
	var f frozen
	if err == nil {
		if f, err = decodeFrozen(run); err != nil {
			return mail.Message{}, err
		}
	} else {
		if f, err = s.content(ctx, frequency, per); err != nil {
			return mail.Message{}, err
		}
		run = store.Run{Frequency: frequency, Period: per.String()}
	}
	if err := s.CheckConfig(); err != nil {
		return mail.Message{}, err
	}
	sub := store.Subscriber{Email: "preview@example.org", Token: "preview"}
	return s.messageFor(run, f, store.Delivery{Subscriber: sub})
}

// LatestDay is the most recent feed day with papers, what a preview shows
// when none is named.
func (s *Service) LatestDay(ctx context.Context) (string, error) {
	day, err := s.store.LatestDay(ctx)
	if err != nil {
		return "", ErrNothingToSend
	}
	return day, nil
}
