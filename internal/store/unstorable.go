package store

import (
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
)

// Unstorable reports whether err means a request carried text that the
// database cannot hold, so it can match nothing stored and be stored
// nowhere: PostgreSQL refuses a NUL byte or broken UTF-8 in a text
// parameter (SQLSTATE 22021) and characters its encoding lacks (22P05).
// That is the request's fault, not the server's: the site answers 400.
// Input rules refuse such text where it is written; this is what keeps a
// lookup by a key from the address (a username, a link's token) from being
// a 500.
func Unstorable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "22021" || pe.Code == "22P05")
}
