package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/textproto"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/emersion/go-smtp"
)

func rejectBad(code int, enhanced smtp.EnhancedCode) func(string) error {
	return func(rcpt string) error {
		if strings.HasPrefix(rcpt, "bad") {
			return &smtp.SMTPError{Code: code, EnhancedCode: enhanced, Message: "go away"}
		}
		return nil
	}
}

func TestRejections(t *testing.T) {
	tests := []struct {
		name      string
		faults    mailtest.Faults
		code      int
		enhanced  string
		permanent bool
		temporary bool
	}{
		{"550 at RCPT", mailtest.Faults{Fail: rejectBad(550, smtp.EnhancedCode{5, 1, 1})}, 550, "5.1.1", true, false},
		{"554 after data", mailtest.Faults{Fail: rejectBad(554, smtp.EnhancedCode{5, 7, 1}), FailAtData: true}, 554, "5.7.1", true, false},
		{"451 at RCPT", mailtest.Faults{Fail: rejectBad(451, smtp.EnhancedCode{4, 7, 1})}, 451, "4.7.1", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := mailtest.NewServer(t)
			srv.SetFaults(tt.faults)
			sess, err := newSender(t, srv).Session(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			err = sess.Send(context.Background(), Message{To: "bad@example.org", Subject: "x", Text: "x"})
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SendError", err)
			}
			if se.Code != tt.code || se.Enhanced != tt.enhanced || se.Permanent() != tt.permanent || se.Temporary() != tt.temporary || se.Unknown {
				t.Errorf("SendError = %+v, permanent %v, temporary %v", se, se.Permanent(), se.Temporary())
			}
			if !strings.Contains(err.Error(), strconv.Itoa(tt.code)) {
				t.Errorf("error text %q lacks the code %d", err, tt.code)
			}
			// A rejection leaves the connection usable.
			if err := sess.Send(context.Background(), Message{To: "good@example.org", Subject: "x", Text: "x"}); err != nil {
				t.Errorf("send after rejection: %v", err)
			}
			if n := srv.Connections(); n != 1 {
				t.Errorf("%d connections, want 1", n)
			}
		})
	}
}

// TestLostReplies covers the window SMTP cannot close: the message was sent
// but its reply never came. The error says the outcome is unknown, and the
// session closes itself.
func TestLostReplies(t *testing.T) {
	tests := map[string]mailtest.Faults{
		"dropped": {Drop: func(string) bool { return true }},
		"stalled": {Stall: 3 * time.Second},
	}
	for name, faults := range tests {
		t.Run(name, func(t *testing.T) {
			srv := mailtest.NewServer(t)
			s := newSender(t, srv)
			s.Timeout = 500 * time.Millisecond
			sess, err := s.Session(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			srv.SetFaults(faults)
			err = sess.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"})
			var se *SendError
			if !errors.As(err, &se) || !se.Unknown || se.Temporary() || se.Permanent() {
				t.Fatalf("err = %v (%+v), want an unknown outcome", err, se)
			}
			srv.WaitFor(t, 1, 5*time.Second) // the server did get it
			srv.SetFaults(mailtest.Faults{})
			err = sess.Send(context.Background(), Message{To: "b@example.org", Subject: "x", Text: "x"})
			if !errors.Is(err, ErrSessionClosed) || !errors.As(err, &se) || !se.Temporary() {
				t.Errorf("next send: err = %v, want ErrSessionClosed", err)
			}
		})
	}
}

func TestServerClosedIdleConnection(t *testing.T) {
	srv := mailtest.NewServer(t)
	sess, err := newSender(t, srv).Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	sess.conn.close() // as if the server had timed the idle session out
	err = sess.Send(context.Background(), Message{To: "a@example.org", Subject: "x", Text: "x"})
	if !errors.Is(err, ErrSessionClosed) {
		t.Errorf("err = %v, want ErrSessionClosed", err)
	}
	if got := srv.Messages(); len(got) != 0 {
		t.Errorf("%d messages arrived", len(got))
	}
}

func TestContextCancelsSend(t *testing.T) {
	srv := mailtest.NewServer(t)
	srv.SetFaults(mailtest.Faults{Stall: 10 * time.Second})
	s := newSender(t, srv)
	s.Timeout = time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := s.Send(ctx, Message{To: "a@example.org", Subject: "x", Text: "x"})
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the context's", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send returned after %s", d)
	}
	if err := s.Send(ctx, Message{To: "a@example.org", Subject: "x", Text: "x"}); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("send with a done context: err = %v", err)
	}
}

func TestConnectErrors(t *testing.T) {
	// A port that was just free: nothing listens there.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	s, err := NewSMTP(Config{URL: "smtp://user:secret@" + addr, From: from}, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = s.Send(context.Background(), Message{To: "a@example.org", Text: "x"})
	var se *SendError
	if !errors.As(err, &se) || !se.Temporary() || se.Code != 0 {
		t.Errorf("err = %v, want a temporary *SendError", err)
	}
	if err == nil || !strings.Contains(err.Error(), addr) || strings.Contains(err.Error(), "secret") {
		t.Errorf("err = %v, want the address and no password", err)
	}
}

func TestReplyError(t *testing.T) {
	err := replyError(fmt.Errorf("SMTP AUTH failed: %w", &textproto.Error{Code: 535, Msg: "5.7.8 bad credentials"}))
	if err.Code != 535 || err.Enhanced != "5.7.8" || !err.Permanent() {
		t.Errorf("connectError = %+v", err)
	}
	if err := replyError(&textproto.Error{Code: 421, Msg: "busy, try later"}); err.Code != 421 || err.Enhanced != "" || !err.Temporary() {
		t.Errorf("connectError = %+v", err)
	}
}
