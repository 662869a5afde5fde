// Package mailtest runs a real SMTP server in process for tests, so mail code
// is tested over the network the way it runs in production: it records every
// message it accepts and can be told to reject, stall or hang up.
package mailtest

import (
	"crypto/tls"
	"io"
	"log"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
)

// Received is one message the server accepted.
type Received struct {
	From     string   // envelope sender (MAIL FROM)
	To       []string // envelope recipients (RCPT TO)
	Data     []byte   // the message as sent, headers and body
	User     string   // AUTH PLAIN user name, empty without AUTH
	Password string   // AUTH PLAIN password, so tests can check URL decoding
	TLS      bool     // the message came over TLS (implicit or STARTTLS)
}

// Server is a running test SMTP server. Its methods are safe for concurrent
// use; it stops when the test that started it ends.
type Server struct {
	url       string
	clientTLS *tls.Config
	closed    chan struct{} // closed at clean-up, ends stalls

	mu      sync.Mutex
	faults  Faults
	msgs    []Received
	conns   int
	arrived chan struct{} // closed and replaced whenever a message arrives
}

// NewServer starts a plain SMTP server (no TLS) on 127.0.0.1 at a free port.
// It offers AUTH PLAIN without TLS and accepts any credentials, or none.
func NewServer(t testing.TB) *Server {
	t.Helper()
	return start(t, nil, false)
}

func start(t testing.TB, serverTLS *tls.Config, implicit bool) *Server {
	t.Helper()
	s := &Server{closed: make(chan struct{}), arrived: make(chan struct{})}
	srv := smtp.NewServer(smtp.BackendFunc(s.newSession))
	srv.Domain = "mailtest.localhost"
	srv.AllowInsecureAuth = true
	srv.ReadTimeout = time.Minute
	srv.WriteTimeout = time.Minute
	// Connections the tests drop on purpose would otherwise fill stderr.
	srv.ErrorLog = log.New(io.Discard, "", 0)

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	scheme := "smtp"
	switch {
	case serverTLS != nil && implicit:
		ln, scheme = tls.NewListener(ln, serverTLS), "smtps"
	case serverTLS != nil:
		srv.TLSConfig = serverTLS
	}
	s.url = scheme + "://" + ln.Addr().String()

	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(ln) // returns once Close is called
	}()
	t.Cleanup(func() {
		close(s.closed)
		srv.Close()
		// Close misses a listener Serve has not registered yet.
		ln.Close()
		<-done
	})
	return s
}

// URL is where the server listens, as "smtp://127.0.0.1:PORT" (or smtps://
// for a server started with NewImplicitTLSServer).
func (s *Server) URL() string { return s.url }

// Connections is how many connections clients have opened so far, so tests
// can check that a sender reuses one.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.conns
}

// Messages returns a copy of every message accepted so far, in arrival order.
func (s *Server) Messages() []Received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// WaitFor waits until at least n messages have arrived and returns them all;
// it fails the test if they do not arrive within timeout. Call it from the
// test's goroutine.
func (s *Server) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, arrived := slices.Clone(s.msgs), s.arrived
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("mailtest: %d of %d messages arrived within %s", len(msgs), n, timeout)
		}
	}
}

func (s *Server) newSession(c *smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return &session{srv: s, conn: c}, nil
}

func (s *Server) record(r Received) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.msgs = append(s.msgs, r)
	close(s.arrived)
	s.arrived = make(chan struct{})
}
