package paper

import (
	"context"
	"errors"
)

// requestKinds are the errors that refuse what a person asked for.
var requestKinds = []error{ErrNotFound, ErrInvalid, ErrConflict, ErrUnauthenticated, ErrForbidden, ErrTooMany, ErrTooLarge}

// ServerFault reports whether err is a failure of the server's own (the
// database, the mail server, arXiv): neither a refusal of what was asked
// (a domain error above) nor a request its client gave up on.
func ServerFault(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) {
		return false
	}
	for _, kind := range requestKinds {
		if errors.Is(err, kind) {
			return false
		}
	}
	return true
}
