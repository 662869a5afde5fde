package mail

import (
	"fmt"
	netmail "net/mail"
)

// transact runs one SMTP transaction (MAIL, RCPT, DATA) for msg, writing its
// bytes as they are: go-mail's own send would render the message again, and
// a signature must cover exactly the bytes sent. A failure says how far it
// got. A rejection before the end of the data leaves the connection ready for
// the next message once the transaction is reset; a failure without a reply
// means the connection is broken or out of step, and closes the session.
func (ss *Session) transact(msg rendered) *SendError {
	c := ss.smtp
	// An idle connection the server has dropped fails here, before any of
	// the message is sent.
	if err := c.Noop(); err != nil {
		ss.closeLocked()
		return &SendError{Err: fmt.Errorf("%w: NOOP: %w", ErrSessionClosed, err)}
	}
	if err := c.Mail(envelope(ss.sender.from)); err != nil {
		return ss.refused("MAIL FROM", err)
	}
	if err := c.Rcpt(envelope(msg.to)); err != nil {
		return ss.refused("RCPT TO "+msg.to.Address, err)
	}
	w, err := c.Data()
	if err != nil {
		return ss.refused("DATA", err)
	}
	// The writer dot-stuffs the data and keeps its CRLF line ends.
	if _, err := w.Write(msg.data); err != nil {
		// The final "." was not sent: the server cannot have accepted it.
		ss.closeLocked()
		return &SendError{Err: fmt.Errorf("write message data: %w", err)}
	}
	if err := w.Close(); err != nil {
		se := replyError(fmt.Errorf("end of message data: %w", err))
		if se.Code == 0 {
			// The final "." may have reached the server; its reply did
			// not reach us.
			se.Unknown = true
			ss.closeLocked()
		}
		return se
	}
	return nil
}

// refused describes a command that failed before the message data was
// complete, resetting the transaction after a reply so that the connection
// can carry the next message.
func (ss *Session) refused(cmd string, err error) *SendError {
	se := replyError(fmt.Errorf("%s: %w", cmd, err))
	if se.Code == 0 {
		ss.closeLocked()
		return se
	}
	if err := ss.smtp.Reset(); err != nil {
		ss.closeLocked()
	}
	return se
}

// envelope is addr as MAIL FROM and RCPT TO take it: "<local@domain>".
func envelope(addr *netmail.Address) string {
	return (&netmail.Address{Address: addr.Address}).String()
}
