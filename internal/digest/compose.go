package digest

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/dailypapers/dailypapers/internal/digestmail"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/store"
)

// messageFor builds one subscriber's message of a run. Its Message-ID is
// the same every time, so a receiver can tell a resent message apart and
// tests can count arrivals per (run, subscriber).
func (s *Service) messageFor(run store.Run, f frozen, d store.Delivery) (mail.Message, error) {
	sub := d.Subscriber
	forYou, err := forYouItems(d.ForYou)
	if err != nil {
		return mail.Message{}, err
	}
	byID := make(map[string]digestmail.Item, len(f.Others))
	for _, c := range f.Others {
		byID[c.ID] = c.Item
	}
	c := digestmail.Content{
		SiteName: s.opts.SiteName, BaseURL: s.opts.BaseURL, Frequency: run.Frequency, Period: run.Period,
		PeriodLabel: f.PeriodLabel, Topics: sub.Topics(), To: sub.Email,
		UnsubscribeURL: s.opts.BaseURL + "/unsubscribe/" + url.PathEscape(sub.Token),
		PreferencesURL: s.opts.BaseURL + "/subscription/" + url.PathEscape(sub.Token),
		MessageID:      MessageID(run.ID, sub.ID, s.host()),
		ListID:         fmt.Sprintf("%s %s digest <%s.digest.%s>", s.opts.SiteName, run.Frequency, run.Frequency, s.host()),
	}
	for _, t := range f.Top {
		c.Top = append(c.Top, t.Item)
	}
	c.ForYou = forYou
	for _, id := range d.Picks {
		if it, ok := byID[id]; ok {
			c.Picks = append(c.Picks, it)
		}
	}
	return s.composer.Compose(c)
}

// MessageID is the Message-ID of a run's message to a subscriber, without
// the angle brackets.
func MessageID(runID, subscriberID int64, host string) string {
	return fmt.Sprintf("digest-%d-%d@%s", runID, subscriberID, host)
}

// host is the site's host name, for Message-IDs and List-Id.
func (s *Service) host() string {
	u, err := url.Parse(s.opts.BaseURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	return strings.ToLower(u.Hostname())
}
