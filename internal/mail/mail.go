// Package mail sends the service's email (sign-in links, digests). It keeps
// the SMTP library behind Sender, refuses any message in which a value could
// add a header, and only logs messages when no SMTP server is configured, so
// the site still works in development.
package mail

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
)

// ErrInvalidMessage marks a message that cannot be sent as given: a line
// break in a header, an unparsable address, a missing body. Sending it again
// would fail the same way.
var ErrInvalidMessage = errors.New("invalid message")

// Message is one email. Text is required; HTML is optional and, when set,
// makes the message multipart/alternative.
type Message struct {
	To      string // one address, bare or with a display name
	Subject string
	Text    string
	HTML    string
	// Headers are extra headers, e.g. List-Unsubscribe. Names and values
	// must not contain CR, LF or NUL, and may not replace the headers the
	// fields above or the sender write (From, To, Subject, Date, ...).
	Headers map[string]string
	// MessageID, "local@domain" with or without angle brackets, is optional:
	// a stable one (per digest and subscriber) lets a resent message be
	// recognised as the same. Empty: a random one in the From domain.
	MessageID string
}

// Sender sends mail.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// New returns the service's Sender: an SMTP sender when cfg has a URL (which
// signs with cfg.DKIM when it is set), and a LogSender otherwise (which needs
// no From and signs nothing).
func New(cfg Config, log *slog.Logger) (Sender, error) {
	if log == nil {
		log = slog.Default()
	}
	if !cfg.Configured() {
		// The log has no use for From or DKIM, but a bad one is still a
		// mistake, better found before the SMTP server is configured.
		if cfg.From != "" {
			if _, err := parseFrom(cfg.From); err != nil {
				return nil, err
			}
		}
		if cfg.DKIM != nil {
			if err := cfg.DKIM.check(); err != nil {
				return nil, err
			}
		}
		return &LogSender{log: log}, nil
	}
	s, err := NewSMTP(cfg, log)
	if err != nil {
		return nil, err
	}
	return s, nil
}

func parseFrom(from string) (*netmail.Address, error) {
	if err := noBreaks("from address", from); err != nil {
		return nil, err
	}
	addr, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail from %q: want an address such as \"Daily Papers <papers@example.org>\": %w", from, err)
	}
	return addr, nil
}
