package mail

import (
	"context"
	"fmt"
	"log/slog"
	"sync"

	gomail "github.com/wneessen/go-mail"
	"github.com/wneessen/go-mail/smtp"
)

// Session is one open SMTP connection that sends many messages, one at a
// time. After an error that leaves the connection in doubt, the session
// closes itself and later Sends fail with ErrSessionClosed; the caller then
// opens a new one.
type Session struct {
	sender *SMTPSender
	client *gomail.Client
	conn   *connHolder

	mu   sync.Mutex
	smtp *smtp.Client // nil once closed
}

// Session connects to the server, says hello, starts TLS and authenticates.
func (s *SMTPSender) Session(ctx context.Context) (*Session, error) {
	h := &connHolder{}
	client, err := gomail.NewClient(s.server.host, s.options(h)...)
	if err != nil {
		return nil, fmt.Errorf("SMTP client for %s: %w", s.server.addr(), err)
	}
	stop := context.AfterFunc(ctx, h.close)
	defer stop()
	sc, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		// go-mail leaves the connection open when a step after the dial
		// (STARTTLS, AUTH) fails.
		h.close()
		return nil, fmt.Errorf("connect to SMTP server %s: %w", s.server.addr(), replyError(err))
	}
	return &Session{sender: s, client: client, conn: h, smtp: sc}, nil
}

// Send sends m over the session's connection, signed when the sender has a
// DKIM configuration. An invalid message wraps ErrInvalidMessage; a failure
// from the server or the network is a *SendError saying whether sending
// again is safe. A context that ends during the send closes the connection.
func (ss *Session) Send(ctx context.Context, m Message) error {
	msg, err := ss.sender.render.render(m)
	if err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if err := ss.ready(ctx); err != nil {
		return fmt.Errorf("send mail to %s: %w", m.To, err)
	}
	stop := context.AfterFunc(ctx, ss.conn.close)
	se := ss.transact(msg)
	if !stop() {
		// The context ended and closed the connection.
		ss.closeLocked()
	}
	if se != nil {
		if cause := context.Cause(ctx); cause != nil {
			se.Err = fmt.Errorf("%w: %w", cause, se.Err)
		}
		return fmt.Errorf("send mail to %s: %w", m.To, se)
	}
	ss.sender.log.DebugContext(ctx, "mail sent", slog.String("to", m.To), slog.String("message_id", msg.messageID))
	return nil
}

// ready checks that a message can be started on the session.
func (ss *Session) ready(ctx context.Context) error {
	if ss.smtp == nil {
		return &SendError{Err: ErrSessionClosed}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	// The timeout bounds the whole transaction, and a session idle for
	// longer than it would otherwise fail on the old deadline.
	if err := ss.smtp.UpdateDeadline(ss.sender.timeout()); err != nil {
		ss.closeLocked()
		return &SendError{Err: fmt.Errorf("%w: %w", ErrSessionClosed, err)}
	}
	return nil
}

// Close says goodbye to the server and closes the connection. It is safe to
// call more than once.
func (ss *Session) Close() error {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.smtp == nil {
		return nil
	}
	var err error
	if err = ss.smtp.UpdateDeadline(ss.sender.timeout()); err == nil {
		err = ss.client.CloseWithSMTPClient(ss.smtp)
	}
	ss.closeLocked()
	if err != nil {
		return fmt.Errorf("close SMTP session: %w", err)
	}
	return nil
}

func (ss *Session) closeLocked() {
	ss.conn.close()
	ss.smtp = nil
}
