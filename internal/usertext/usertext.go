// Package usertext turns what users type — comments, usernames, links and
// email addresses — into values that are safe to store and to show.
//
// Everything a user can put on a page passes through here, so that the rules
// for what is accepted, and the one place that makes Markdown safe to render,
// are easy to find and to test together.
package usertext

import "errors"

// ErrInvalid is wrapped by every error this package returns for input that
// breaks a rule, so callers can map it to a 400 response with errors.Is.
var ErrInvalid = errors.New("invalid")

// invalidError carries a message written for the person who typed the input;
// its Error text is that message alone, so a handler can show it as is.
type invalidError struct{ msg string }

func (e *invalidError) Error() string { return e.msg }

func (e *invalidError) Unwrap() error { return ErrInvalid }

// invalid returns an error wrapping ErrInvalid whose text is msg.
func invalid(msg string) error { return &invalidError{msg: msg} }
