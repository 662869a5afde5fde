package mail

import (
	"bytes"
	"fmt"
	netmail "net/mail"
)

// Render returns the bytes an SMTPSender with this From would send for m:
// the message after validation (so it refuses what Send refuses, with
// ErrInvalidMessage), with a DKIM-Signature in front when WithDKIM is
// given. Tests and the digest preview use it to inspect a message without
// sending it. Each call has a new Date and MIME boundary, and a new
// Message-ID unless m.MessageID is set.
func Render(m Message, from string, opts ...RenderOption) ([]byte, error) {
	addr, err := parseFrom(from)
	if err != nil {
		return nil, err
	}
	r := renderer{from: addr}
	for _, o := range opts {
		o(&r)
	}
	if r.dkim != nil {
		if err := r.dkim.check(); err != nil {
			return nil, err
		}
	}
	out, err := r.render(m)
	if err != nil {
		return nil, fmt.Errorf("render mail: %w", err)
	}
	return out.data, nil
}

// RenderOption changes how Render renders.
type RenderOption func(*renderer)

// WithDKIM signs the rendered message as an SMTPSender configured with c
// would; nil leaves it unsigned.
func WithDKIM(c *DKIMConfig) RenderOption {
	return func(r *renderer) {
		r.dkim = nil
		if c != nil {
			cp := *c
			r.dkim = &cp
		}
	}
}

// renderer turns Messages into the bytes sent over SMTP. Its DKIM
// configuration, if any, has been checked.
type renderer struct {
	from *netmail.Address
	dkim *DKIMConfig // nil: unsigned
}

// rendered is a message ready to send.
type rendered struct {
	data      []byte           // CRLF line ends, not dot-stuffed
	to        *netmail.Address // the envelope recipient
	messageID string
}

// render validates m before anything else, so that no value that could add
// a header reaches the message, let alone the signature.
func (r renderer) render(m Message) (rendered, error) {
	to, err := m.validate()
	if err != nil {
		return rendered{}, err
	}
	msg := build(r.from, to, m)
	var buf bytes.Buffer
	buf.WriteString(customHeaders(m.Headers))
	if _, err := msg.WriteTo(&buf); err != nil {
		return rendered{}, fmt.Errorf("write message: %w", err)
	}
	data := buf.Bytes()
	if r.dkim != nil {
		if data, err = r.dkim.sign(data); err != nil {
			return rendered{}, err
		}
	}
	return rendered{data: data, to: to, messageID: msg.GetMessageID()}, nil
}
