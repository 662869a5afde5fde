package paper

import (
	"errors"
	"time"
)

// Domain errors. Callers wrap them with %w and the operation that failed; the
// HTTP layer maps them to status codes in one table.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
	// ErrUnauthenticated: the request needs a signed-in user or a token.
	ErrUnauthenticated = errors.New("sign in required")
	// ErrForbidden: the user may not do this (a role or a rule says no).
	ErrForbidden = errors.New("forbidden")
	// ErrTooMany: a rate limit or quota; see Throttled for when to retry.
	ErrTooMany = errors.New("too many requests")
	// ErrTooLarge: a request larger than what it asks for can need.
	ErrTooLarge = errors.New("request too large")
)

// Throttled is an error that says when to try again.
type Throttled struct {
	Msg   string
	After time.Duration
}

func (e *Throttled) Error() string { return e.Msg }
func (e *Throttled) Unwrap() error { return ErrTooMany }

// PublicMessage is the message of a Throttled error, which is written for
// the person who was throttled.
func (e *Throttled) PublicMessage() string { return e.Msg }

// UserError is an error whose message is written for the person who made
// the request: pages and the API show it as it is. Kind is the domain error
// (ErrInvalid, ErrConflict, ...) that picks the status.
type UserError struct {
	Msg  string
	Kind error
}

func (e *UserError) Error() string         { return e.Msg }
func (e *UserError) Unwrap() error         { return e.Kind }
func (e *UserError) PublicMessage() string { return e.Msg }

// Public makes a UserError.
func Public(kind error, msg string) *UserError { return &UserError{Msg: msg, Kind: kind} }

// ErrUnavailable: the database cannot be reached now (down, restarting,
// refusing connections, locked for longer than we wait). The answer is 503
// with Retry-After: the request may succeed later, unchanged.
var ErrUnavailable = errors.New("database unavailable")
