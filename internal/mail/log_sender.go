package mail

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
)

// LogSender logs each message instead of sending it: with no SMTP server
// configured, the sign-in links a developer needs appear in the log.
type LogSender struct {
	log *slog.Logger
}

// Send validates m as an SMTP sender would, then logs its recipient,
// subject, link and full text at Info level.
func (l *LogSender) Send(ctx context.Context, m Message) error {
	if _, err := m.validate(); err != nil {
		return fmt.Errorf("log mail: %w", err)
	}
	attrs := []any{slog.String("to", m.To), slog.String("subject", m.Subject)}
	if link := linkOf(m.Text); link != "" {
		attrs = append(attrs, slog.String("link", link))
	}
	attrs = append(attrs, slog.String("text", m.Text))
	l.log.InfoContext(ctx, "mail not sent: SMTP is not configured", attrs...)
	return nil
}

// linkOf is the first line of text that is a link and nothing else: what a
// sign-in or confirmation mail asks to open. In the log it gets a field of
// its own, because the text's escaped line breaks ("\n\nIt works once")
// would follow it when copied.
func linkOf(text string) string {
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if (strings.HasPrefix(line, "https://") || strings.HasPrefix(line, "http://")) && !strings.ContainsAny(line, " \t") {
			return line
		}
	}
	return ""
}
