package main

import (
	"bufio"
	"context"
	"io"
	"log"
	"net"
	"net/textproto"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/emersion/go-smtp"
)

// smtpServer accepts every message on a loopback port and keeps only what
// the checks need: how many arrived, and each Message-ID with its count.
// internal/mailtest cannot serve here: it needs a testing.TB, and keeps
// every message whole.
type smtpServer struct {
	url  string
	srv  *smtp.Server
	done chan struct{}

	mu       sync.Mutex
	messages int
	bytes    int64
	noID     int            // messages without a Message-ID
	ids      map[string]int // Message-ID → arrivals
	conns    int
}

// startSMTP starts the server on 127.0.0.1 at a free port. Its goroutines
// run under the profiler label side=smtpserver.
func startSMTP() (*smtpServer, error) {
	s := &smtpServer{ids: map[string]int{}, done: make(chan struct{})}
	s.srv = smtp.NewServer(smtp.BackendFunc(s.newSession))
	s.srv.Domain = "digestbench.localhost"
	s.srv.ReadTimeout = time.Minute
	s.srv.WriteTimeout = time.Minute
	s.srv.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s.url = "smtp://" + ln.Addr().String()
	go pprof.Do(context.Background(), pprof.Labels("side", "smtpserver"), func(context.Context) {
		defer close(s.done)
		s.srv.Serve(ln) // returns once Close is called
	})
	return s, nil
}

func (s *smtpServer) close() {
	s.srv.Close()
	<-s.done
}

func (s *smtpServer) newSession(*smtp.Conn) (smtp.Session, error) {
	s.mu.Lock()
	s.conns++
	s.mu.Unlock()
	return &session{srv: s}, nil
}

// record counts one accepted message.
func (s *smtpServer) record(id string, size int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages++
	s.bytes += size
	if id == "" {
		s.noID++
		return
	}
	s.ids[id]++
}

// arrivals is how often a Message-ID (without angle brackets) arrived.
func (s *smtpServer) arrivals(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.ids[id]
}

// counts are what the server saw, read once sending is over.
type counts struct {
	messages, conns, noID, distinct, duplicates int
	bytes                                       int64
}

func (s *smtpServer) counts() counts {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := counts{messages: s.messages, conns: s.conns, noID: s.noID, distinct: len(s.ids), bytes: s.bytes}
	for _, n := range s.ids {
		c.duplicates += n - 1
	}
	return c
}

// session is one client connection.
type session struct{ srv *smtpServer }

func (*session) Mail(string, *smtp.MailOptions) error { return nil }
func (*session) Rcpt(string, *smtp.RcptOptions) error { return nil }
func (*session) Reset()                               {}
func (*session) Logout() error                        { return nil }

// Data reads the header for the Message-ID and counts the rest of the
// message's bytes without keeping them.
func (s *session) Data(r io.Reader) error {
	cr := &countingReader{r: r}
	h, err := textproto.NewReader(bufio.NewReader(cr)).ReadMIMEHeader()
	if err != nil {
		return err
	}
	if _, err := io.Copy(io.Discard, cr); err != nil {
		return err
	}
	id := strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(h.Get("Message-Id")), "<"), ">")
	s.srv.record(id, cr.n)
	return nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
