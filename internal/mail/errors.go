package mail

import (
	"errors"
	"net/textproto"
	"strings"
)

// ErrSessionClosed means the session's connection was lost before this
// message was sent: nothing of it reached the server, so the caller opens a
// new Session and sends it again.
var ErrSessionClosed = errors.New("SMTP session closed")

// SendError is a failed SMTP send, described by how far it got, so that a
// caller can choose between retrying, giving up and recording that the
// outcome is unknown. Its text includes the server's reply ("550 5.1.1 ...").
type SendError struct {
	Code     int    // SMTP reply code (550, 421, ...); 0 when no reply was read
	Enhanced string // RFC 3463 status ("5.1.1") when the server gave one
	// Unknown is set when the whole message was sent but no reply came
	// back (the connection broke or timed out): the server may have
	// accepted it, so sending it again may deliver it twice.
	Unknown bool
	Err     error
}

func (e *SendError) Error() string { return e.Err.Error() }

func (e *SendError) Unwrap() error { return e.Err }

// Permanent reports a 5xx reply: sending the message again would fail the
// same way.
func (e *SendError) Permanent() bool { return e.Code >= 500 }

// Temporary reports a failure after which sending again is safe and may
// succeed: a 4xx reply, or a connection lost before the end of the message.
func (e *SendError) Temporary() bool { return !e.Permanent() && !e.Unknown }

// replyError describes a failed SMTP command, keeping the server's reply
// code and enhanced status when there was a reply (550 5.1.1, 421 busy, 535
// bad credentials). Without one, Code is 0.
func replyError(err error) *SendError {
	e := &SendError{Err: err}
	var te *textproto.Error
	if errors.As(err, &te) {
		e.Code = te.Code
		if f := strings.Fields(te.Msg); len(f) > 0 && strings.Count(f[0], ".") == 2 && f[0][0] == byte('0'+te.Code/100) {
			e.Enhanced = f[0]
		}
	}
	return e
}
