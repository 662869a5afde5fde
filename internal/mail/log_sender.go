package mail

import (
	"context"
	"fmt"
	"log/slog"
)

// LogSender logs each message instead of sending it: with no SMTP server
// configured, the sign-in links a developer needs appear in the log.
type LogSender struct {
	log *slog.Logger
}

// Send validates m as an SMTP sender would, then logs its recipient,
// subject and full text at Info level.
func (l *LogSender) Send(ctx context.Context, m Message) error {
	if _, err := m.validate(); err != nil {
		return fmt.Errorf("log mail: %w", err)
	}
	l.log.InfoContext(ctx, "mail not sent: SMTP is not configured",
		slog.String("to", m.To), slog.String("subject", m.Subject), slog.String("text", m.Text))
	return nil
}
