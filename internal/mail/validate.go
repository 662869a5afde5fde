package mail

import (
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"strings"
)

// reserved are headers that Message's fields or the sender write (or, for
// DKIM-Signature, only the signer may). Setting one through Headers would
// override or duplicate it. Keys are in textproto's canonical form.
var reserved = map[string]bool{
	"From": true, "To": true, "Cc": true, "Bcc": true, "Sender": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true,
	"Auto-Submitted": true, "Dkim-Signature": true,
}

// validate checks every value that ends up in a header, so that no value
// coming from a user (an address, a paper title in a subject) can start a
// header of its own, and returns the parsed recipient.
func (m Message) validate() (*netmail.Address, error) {
	if err := noBreaks("to", m.To); err != nil {
		return nil, err
	}
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("%w: to %q: %w", ErrInvalidMessage, m.To, err)
	}
	if err := noBreaks("subject", m.Subject); err != nil {
		return nil, err
	}
	if strings.TrimSpace(m.Text) == "" {
		return nil, fmt.Errorf("%w: no text", ErrInvalidMessage)
	}
	seen := make(map[string]bool, len(m.Headers))
	for name, value := range m.Headers {
		if err := checkHeader(name, value); err != nil {
			return nil, err
		}
		key := textproto.CanonicalMIMEHeaderKey(name)
		if seen[key] {
			return nil, fmt.Errorf("%w: header %s given twice", ErrInvalidMessage, key)
		}
		seen[key] = true
	}
	if m.MessageID != "" {
		if err := checkMessageID(m.MessageID); err != nil {
			return nil, err
		}
	}
	return to, nil
}

func checkHeader(name, value string) error {
	if name == "" || strings.IndexFunc(name, notFieldChar) >= 0 {
		return fmt.Errorf("%w: header name %q", ErrInvalidMessage, name)
	}
	if reserved[textproto.CanonicalMIMEHeaderKey(name)] {
		return fmt.Errorf("%w: header %s is set by the sender, not through Headers", ErrInvalidMessage, name)
	}
	if err := noBreaks("header "+name, value); err != nil {
		return err
	}
	if n := len(name) + len(": ") + len(value); n > maxHeaderLine {
		return fmt.Errorf("%w: header %s is %d characters long, more than a line may hold (%d)", ErrInvalidMessage, name, n, maxHeaderLine)
	}
	return nil
}

// maxHeaderLine is the longest a line of a message may be (RFC 5322 section
// 2.1.1). A longer header value might have to be folded inside a word.
const maxHeaderLine = 998

// notFieldChar reports a rune not allowed in a header name (RFC 5322 ftext:
// printable ASCII except the colon).
func notFieldChar(r rune) bool { return r < '!' || r > '~' || r == ':' }

// checkMessageID accepts "local@domain", in angle brackets or not, made of
// printable ASCII without spaces.
func checkMessageID(id string) error {
	bare := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	if !strings.Contains(bare, "@") || strings.ContainsAny(bare, "<>") || strings.IndexFunc(bare, notPrintable) >= 0 {
		return fmt.Errorf("%w: message ID %q: want local@domain", ErrInvalidMessage, id)
	}
	return nil
}

func notPrintable(r rune) bool { return r < '!' || r > '~' }

// noBreaks refuses CR, LF and NUL: the first two would end the header and
// start another, and NUL is not allowed in a message at all.
func noBreaks(what, value string) error {
	if strings.ContainsAny(value, "\r\n\x00") {
		return fmt.Errorf("%w: %s %q contains CR, LF or NUL", ErrInvalidMessage, what, value)
	}
	return nil
}
