package paper

import "errors"

// Domain errors. Callers wrap them with %w and the operation that failed; the
// HTTP layer maps them to status codes in one table.
var (
	ErrNotFound = errors.New("not found")
	ErrConflict = errors.New("conflict")
	ErrInvalid  = errors.New("invalid")
)
