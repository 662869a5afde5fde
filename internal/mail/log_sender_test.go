package mail

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
)

func TestLogSender(t *testing.T) {
	var buf bytes.Buffer
	log := slog.New(slog.NewTextHandler(&buf, nil))
	s, err := New(Config{From: "Daily Papers <papers@localhost>"}, log)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := s.(*LogSender); !ok {
		t.Fatalf("New without URL = %T, want *LogSender", s)
	}
	link := "http://localhost:8080/signin/abc123"
	err = s.Send(context.Background(), Message{To: "reader@example.org", Subject: "Sign in", Text: "Open " + link + " to sign in.\n"})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"level=INFO", "to=reader@example.org", "subject=\"Sign in\"", link} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, buf.String())
		}
	}
	err = s.Send(context.Background(), Message{To: "reader@example.org", Subject: "a\nb", Text: "x"})
	if !errors.Is(err, ErrInvalidMessage) {
		t.Errorf("invalid message: err = %v", err)
	}
}

func TestLogSenderNeedsNoFrom(t *testing.T) {
	s, err := New(Config{}, nil)
	if err != nil || s == nil {
		t.Fatalf("New(Config{}) = %v, %v", s, err)
	}
}

// TestLogSenderLink: the link of a sign-in mail is a field of its own in
// the log, so copying it takes nothing of the text after it.
func TestLogSenderLink(t *testing.T) {
	link := "http://localhost:8080/signin/confirm?token=abc123"
	tests := []struct {
		name, text, want string
	}{
		{"sign-in", "Open this link to sign in to Daily Papers:\n\n" + link + "\n\nIt works once, within 15 minutes.\n", ` link="` + link + `" `},
		{"inside a sentence", "Open " + link + " to sign in.\n", ""},
		{"none", "Nothing to open.\n", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			s := &LogSender{log: slog.New(slog.NewTextHandler(&buf, nil))}
			if err := s.Send(context.Background(), Message{To: "reader@example.org", Subject: "Sign in", Text: tt.text}); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			if tt.want == "" && strings.Contains(got, " link=") || !strings.Contains(got, tt.want) {
				t.Errorf("log = %s; want %q", got, tt.want)
			}
		})
	}
}
