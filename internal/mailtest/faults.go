package mailtest

import "time"

// Faults make the server misbehave the way real servers do, so tests can
// check how a sender copes with rejections, slow replies and lost replies.
// The zero value accepts everything at once.
type Faults struct {
	// Fail is asked about each recipient; a non-nil error rejects it. Return
	// an *smtp.SMTPError (github.com/emersion/go-smtp) to choose the 4xx or
	// 5xx code and enhanced status the client sees.
	Fail func(rcpt string) error
	// FailAtData asks Fail after the message data instead of at RCPT TO, as
	// content filters do: the client has sent everything before it learns
	// of the rejection. A rejected message is not recorded.
	FailAtData bool
	// Stall delays the reply to the message data. The message is recorded
	// before the delay, as a real server may have queued it already.
	Stall time.Duration
	// Drop, when it reports true for any recipient, makes the server record
	// the message and then close the connection without replying: the case
	// where the client cannot know whether the message was delivered.
	Drop func(rcpt string) bool
	// Hold, when set, makes the server answer MAIL FROM only once it is
	// closed: a server that accepts nothing until the test says so.
	Hold <-chan struct{}
}

// SetFaults replaces the server's faults; connections already open see the
// change at their next command.
func (s *Server) SetFaults(f Faults) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = f
}

func (s *Server) currentFaults() Faults {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.faults
}
