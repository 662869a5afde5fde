package mailtest

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/google/go-cmp/cmp"
)

const body = "Subject: hi\r\n\r\nhello\r\n"

// dial connects a go-smtp client to s, the way any sender would.
func dial(t *testing.T, s *Server) *smtp.Client {
	t.Helper()
	u, err := url.Parse(s.URL())
	if err != nil {
		t.Fatal(err)
	}
	var c *smtp.Client
	switch {
	case u.Scheme == "smtps":
		c, err = smtp.DialTLS(u.Host, s.ClientTLSConfig())
	case s.ClientTLSConfig() != nil:
		c, err = smtp.DialStartTLS(u.Host, s.ClientTLSConfig())
	default:
		c, err = smtp.Dial(u.Host)
	}
	if err != nil {
		t.Fatalf("dial %s: %v", s.URL(), err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

func TestRecordsMessages(t *testing.T) {
	s := NewServer(t)
	if !strings.HasPrefix(s.URL(), "smtp://127.0.0.1:") {
		t.Errorf("URL = %q", s.URL())
	}
	c := dial(t, s)
	if err := c.Auth(sasl.NewPlainClient("", "user", "p@ss")); err != nil {
		t.Fatalf("auth: %v", err)
	}
	for _, to := range []string{"a@example.org", "b@example.org"} {
		if err := c.SendMail("from@example.org", []string{to}, strings.NewReader(body)); err != nil {
			t.Fatalf("send to %s: %v", to, err)
		}
	}
	got := s.WaitFor(t, 2, 5*time.Second)
	want := []Received{
		{From: "from@example.org", To: []string{"a@example.org"}, Data: []byte(body), User: "user", Password: "p@ss"},
		{From: "from@example.org", To: []string{"b@example.org"}, Data: []byte(body), User: "user", Password: "p@ss"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("messages (-want +got):\n%s", diff)
	}
	if n := s.Connections(); n != 1 {
		t.Errorf("Connections = %d, want 1", n)
	}
}

func TestAcceptsNoAuth(t *testing.T) {
	s := NewServer(t)
	if err := dial(t, s).SendMail("f@example.org", []string{"t@example.org"}, strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	if got := s.Messages(); len(got) != 1 || got[0].User != "" {
		t.Errorf("messages = %+v", got)
	}
}

func TestFail(t *testing.T) {
	reject := func(rcpt string) error {
		if rcpt == "bad@example.org" {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
		}
		return nil
	}
	for _, atData := range []bool{false, true} {
		s := NewServer(t)
		s.SetFaults(Faults{Fail: reject, FailAtData: atData})
		c := dial(t, s)
		err := c.SendMail("f@example.org", []string{"bad@example.org"}, strings.NewReader(body))
		var se *smtp.SMTPError
		if !errors.As(err, &se) || se.Code != 550 {
			t.Errorf("at data %v: err = %v, want a 550", atData, err)
		}
		if err := c.SendMail("f@example.org", []string{"good@example.org"}, strings.NewReader(body)); err != nil {
			t.Errorf("at data %v: good recipient after a bad one: %v", atData, err)
		}
		if got := s.Messages(); len(got) != 1 || got[0].To[0] != "good@example.org" {
			t.Errorf("at data %v: messages = %+v", atData, got)
		}
	}
}

func TestDropAfterData(t *testing.T) {
	s := NewServer(t)
	s.SetFaults(Faults{Drop: func(string) bool { return true }})
	c := dial(t, s)
	err := c.SendMail("f@example.org", []string{"t@example.org"}, strings.NewReader(body))
	var se *smtp.SMTPError
	if err == nil || errors.As(err, &se) {
		t.Errorf("err = %v, want a broken connection, not a reply", err)
	}
	// The server kept the message: the client cannot know it was delivered.
	s.WaitFor(t, 1, 5*time.Second)
}

func TestStall(t *testing.T) {
	s := NewServer(t)
	const stall = 200 * time.Millisecond
	s.SetFaults(Faults{Stall: stall})
	start := time.Now()
	if err := dial(t, s).SendMail("f@example.org", []string{"t@example.org"}, strings.NewReader(body)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < stall {
		t.Errorf("reply after %s, want at least %s", d, stall)
	}
}

func TestWaitForLateMessage(t *testing.T) {
	s := NewServer(t)
	c := dial(t, s)
	errc := make(chan error, 1)
	go func() {
		time.Sleep(50 * time.Millisecond)
		errc <- c.SendMail("f@example.org", []string{"t@example.org"}, strings.NewReader(body))
	}()
	if got := s.WaitFor(t, 1, 5*time.Second); len(got) != 1 {
		t.Errorf("WaitFor = %d messages", len(got))
	}
	if err := <-errc; err != nil {
		t.Fatal(err)
	}
}

func TestTLS(t *testing.T) {
	for name, s := range map[string]*Server{"starttls": NewStartTLSServer(t), "implicit": NewImplicitTLSServer(t)} {
		if err := dial(t, s).SendMail("f@example.org", []string{"t@example.org"}, strings.NewReader(body)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := s.Messages(); len(got) != 1 || !got[0].TLS {
			t.Errorf("%s: messages = %+v, want one over TLS", name, got)
		}
	}
	if s := NewImplicitTLSServer(t); !strings.HasPrefix(s.URL(), "smtps://") {
		t.Errorf("implicit TLS URL = %q", s.URL())
	}
	if s := NewServer(t); s.ClientTLSConfig() != nil {
		t.Error("plain server has a client TLS config")
	}
}
