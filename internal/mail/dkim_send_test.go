package mail

import (
	"context"
	"crypto"
	"errors"
	"io"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/emersion/go-smtp"
)

func TestSignedSessionReusesConnection(t *testing.T) {
	c := testDKIM(testRSAKey())
	txt := txtRecords(t, c)
	srv := mailtest.NewServer(t)
	sess, err := newSignedSender(t, srv, c).Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	to := []string{"a@example.org", "b@example.org", "c@example.org"}
	for _, addr := range to {
		if err := sess.Send(context.Background(), digestMessage(addr)); err != nil {
			t.Fatalf("send to %s: %v", addr, err)
		}
	}
	got := srv.WaitFor(t, 3, 5*time.Second)
	for i, r := range got {
		if !slices.Equal(r.To, to[i:i+1]) {
			t.Errorf("message %d went to %v, want %s", i, r.To, to[i])
		}
		mailtest.SignedHeaders(t, r, txt)
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
}

// countingSigner counts signatures, to show that a refused message never
// reaches the key.
type countingSigner struct {
	crypto.Signer
	n atomic.Int32
}

func (s *countingSigner) Sign(r io.Reader, digest []byte, opts crypto.SignerOpts) ([]byte, error) {
	s.n.Add(1)
	return s.Signer.Sign(r, digest, opts)
}

func TestHeaderInjectionRefusedBeforeSigning(t *testing.T) {
	key := &countingSigner{Signer: testEd25519Key(t)}
	c := testDKIM(key)
	srv := mailtest.NewServer(t)
	s := newSignedSender(t, srv, c)
	sess, err := s.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	bad := map[string]func(m *Message){
		"LF in subject":      func(m *Message) { m.Subject = "Hi\nBcc: eve@example.org" },
		"CRLF in to":         func(m *Message) { m.To = "ada@example.org\r\nBcc: eve@example.org" },
		"LF in unsubscribe":  func(m *Message) { m.Headers["List-Unsubscribe"] = "<https://x/>\nBcc: eve@example.org" },
		"replaces From":      func(m *Message) { m.Headers["From"] = "bank@example.net" },
		"DKIM header":        func(m *Message) { m.Headers["List-Id\r\nDKIM-Signature"] = "v=1" },
		"twice, other cases": func(m *Message) { m.Headers["list-id"] = "other <other.example.org>" },
	}
	for name, change := range bad {
		m := digestMessage("ada@example.org")
		change(&m)
		if err := sess.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Session.Send err = %v, want ErrInvalidMessage", name, err)
		}
		if err := s.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Send err = %v, want ErrInvalidMessage", name, err)
		}
		if _, err := Render(m, from, WithDKIM(c)); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Render err = %v, want ErrInvalidMessage", name, err)
		}
	}
	if n := key.n.Load(); n != 0 {
		t.Errorf("the key signed %d times for refused messages", n)
	}
	if err := sess.Send(context.Background(), digestMessage("ada@example.org")); err != nil {
		t.Fatal(err)
	}
	if n := key.n.Load(); n != 1 {
		t.Errorf("the key signed %d times for one message", n)
	}
	if got := srv.Messages(); len(got) != 1 || srv.Connections() != 1 {
		t.Errorf("%d messages over %d connections, want only the valid one over the session's", len(got), srv.Connections())
	}
}

// TestSignedSendErrors repeats the failure classification of
// smtp_fail_test.go with a signing sender: signing changes nothing in it.
func TestSignedSendErrors(t *testing.T) {
	tests := []struct {
		name                string
		faults              mailtest.Faults
		code                int
		enhanced            string
		temporary, unknown  bool
		sessionSurvivesFail bool
	}{
		{"550 at RCPT", mailtest.Faults{Fail: rejectBad(550, smtp.EnhancedCode{5, 1, 1})}, 550, "5.1.1", false, false, true},
		{"554 after data", mailtest.Faults{Fail: rejectBad(554, smtp.EnhancedCode{5, 7, 1}), FailAtData: true}, 554, "5.7.1", false, false, true},
		{"451 at RCPT", mailtest.Faults{Fail: rejectBad(451, smtp.EnhancedCode{4, 7, 1})}, 451, "4.7.1", true, false, true},
		{"dropped after data", mailtest.Faults{Drop: func(string) bool { return true }}, 0, "", false, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testDKIM(testEd25519Key(t))
			srv := mailtest.NewServer(t)
			sess, err := newSignedSender(t, srv, c).Session(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			defer sess.Close()
			srv.SetFaults(tt.faults)
			err = sess.Send(context.Background(), digestMessage("bad@example.org"))
			var se *SendError
			if !errors.As(err, &se) {
				t.Fatalf("err = %v, want a *SendError", err)
			}
			if se.Code != tt.code || se.Enhanced != tt.enhanced || se.Temporary() != tt.temporary || se.Unknown != tt.unknown {
				t.Errorf("SendError = %+v, temporary %v", se, se.Temporary())
			}
			srv.SetFaults(mailtest.Faults{})
			err = sess.Send(context.Background(), digestMessage("good@example.org"))
			if tt.sessionSurvivesFail && err != nil {
				t.Errorf("send after the failure: %v", err)
			}
			if !tt.sessionSurvivesFail && !errors.Is(err, ErrSessionClosed) {
				t.Errorf("send after the failure: err = %v, want ErrSessionClosed", err)
			}
		})
	}
}
