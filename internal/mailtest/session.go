package mailtest

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// session is one client connection, implementing go-smtp's Session and
// AuthSession.
type session struct {
	srv            *Server
	conn           *smtp.Conn
	user, password string
	from           string
	to             []string
}

var errDropped = errors.New("mailtest: connection dropped after data")

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *session) Auth(mech string) (sasl.Server, error) {
	if mech != sasl.Plain {
		return nil, fmt.Errorf("mailtest: unsupported mechanism %q", mech)
	}
	return sasl.NewPlainServer(func(_, user, password string) error {
		s.user, s.password = user, password
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if hold := s.srv.currentFaults().Hold; hold != nil {
		select {
		case <-hold:
		case <-s.srv.closed:
		}
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if f := s.srv.currentFaults(); f.Fail != nil && !f.FailAtData {
		if err := f.Fail(to); err != nil {
			return err
		}
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return fmt.Errorf("mailtest: read data: %w", err)
	}
	f := s.srv.currentFaults()
	if f.Fail != nil && f.FailAtData {
		for _, rcpt := range s.to {
			if err := f.Fail(rcpt); err != nil {
				return err
			}
		}
	}
	_, isTLS := s.conn.TLSConnectionState()
	s.srv.record(Received{From: s.from, To: slices.Clone(s.to), Data: data, User: s.user, Password: s.password, TLS: isTLS})
	if f.Drop != nil && slices.ContainsFunc(s.to, f.Drop) {
		s.conn.Conn().Close()
		return errDropped
	}
	if f.Stall > 0 {
		select {
		case <-time.After(f.Stall):
		case <-s.srv.closed:
		}
	}
	return nil
}

func (s *session) Reset() {
	s.from, s.to = "", nil
}

func (s *session) Logout() error { return nil }
