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
