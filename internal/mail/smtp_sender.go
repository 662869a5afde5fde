package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"log/slog"
	"net"
	netmail "net/mail"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// DefaultTimeout bounds connecting and each message's SMTP transaction when
// SMTPSender.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// SMTPSender sends mail through an SMTP server. Send opens a connection per
// message; Session keeps one open for many, as the digest does.
type SMTPSender struct {
	// Timeout bounds connecting (dial, greeting, STARTTLS, AUTH) and then
	// each message; zero means DefaultTimeout.
	Timeout time.Duration
	// TLSConfig replaces the default TLS settings (system roots, TLS 1.2 or
	// later); tests set it to trust their own certificate. Its ServerName
	// defaults to the URL's host.
	TLSConfig *tls.Config

	server server
	from   *netmail.Address
	render renderer
	log    *slog.Logger
}

// NewSMTP returns a sender for cfg, which must have a URL. With cfg.DKIM it
// signs every message. It does not connect: a server that is down delays
// nothing until mail is sent.
func NewSMTP(cfg Config, log *slog.Logger) (*SMTPSender, error) {
	srv, err := cfg.server()
	if err != nil {
		return nil, err
	}
	from, err := parseFrom(cfg.From)
	if err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.Default()
	}
	r := renderer{from: from}
	if cfg.DKIM != nil {
		if err := cfg.DKIM.check(); err != nil {
			return nil, err
		}
		WithDKIM(cfg.DKIM)(&r)
		if fromDomain := from.Address[strings.LastIndex(from.Address, "@")+1:]; !aligned(cfg.DKIM.Domain, fromDomain) {
			log.Warn("DKIM domain is not aligned with the From domain: DMARC will not count the signature",
				slog.String("dkim_domain", cfg.DKIM.Domain), slog.String("from_domain", fromDomain))
		}
	}
	return &SMTPSender{server: srv, from: from, render: r, log: log}, nil
}

// Send sends m over a connection of its own.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	// An invalid message is refused before connecting.
	if _, err := m.validate(); err != nil {
		return fmt.Errorf("send mail: %w", err)
	}
	sess, err := s.Session(ctx)
	if err != nil {
		return err
	}
	// Once the message is accepted, a failed QUIT changes nothing.
	defer sess.Close()
	return sess.Send(ctx, m)
}

func (s *SMTPSender) timeout() time.Duration {
	if s.Timeout > 0 {
		return s.Timeout
	}
	return DefaultTimeout
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	c := &tls.Config{MinVersion: tls.VersionTLS12}
	if s.TLSConfig != nil {
		c = s.TLSConfig.Clone()
	}
	if c.ServerName == "" {
		c.ServerName = s.server.host
	}
	return c
}

// options configure go-mail for one session. STARTTLS is opportunistic for
// smtp:// (used when offered, an error if it fails); go-mail still refuses
// to send a password in the clear to any host but localhost.
func (s *SMTPSender) options(h *connHolder) []gomail.Option {
	opts := []gomail.Option{
		gomail.WithPort(s.server.port),
		gomail.WithTimeout(s.timeout()),
		gomail.WithDialContextFunc(s.dialer(h)),
		gomail.WithTLSConfig(s.tlsConfig()),
		gomail.WithTLSPolicy(gomail.TLSOpportunistic),
	}
	if s.server.implicitTLS {
		// The dialer does the TLS; this keeps go-mail from trying STARTTLS.
		opts = append(opts, gomail.WithSSL())
	}
	if s.server.user != "" {
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthPlain, gomail.SMTPAuthLogin),
			gomail.WithUsername(s.server.user), gomail.WithPassword(s.server.password))
	}
	return opts
}

// dialer connects (with TLS for smtps://) and hands the connection to h.
func (s *SMTPSender) dialer(h *connHolder) gomail.DialContextFunc {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		d := &net.Dialer{}
		var c net.Conn
		var err error
		if s.server.implicitTLS {
			c, err = (&tls.Dialer{NetDialer: d, Config: s.tlsConfig()}).DialContext(ctx, network, addr)
		} else {
			c, err = d.DialContext(ctx, network, addr)
		}
		if err != nil {
			return nil, err
		}
		if err := h.set(c); err != nil {
			return nil, err
		}
		return c, nil
	}
}
