package store

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Unavailable reports whether err means the database cannot be reached now,
// rather than that the request was wrong or the code is: the connection was
// refused, lost or never made, the pool is closed, the server is shutting
// down or refuses new sessions, or SQLite stayed busy past its timeout or
// cannot open its file. The site answers such errors 503 with Retry-After;
// an error wrapping paper.ErrUnavailable is one too.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, paper.ErrUnavailable) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.ErrUnexpectedEOF) {
		return true
	}
	// database/sql does not export the error of a closed pool.
	if strings.Contains(err.Error(), "sql: database is closed") {
		return true
	}
	var ce *pgconn.ConnectError
	var oe *net.OpError
	if errors.As(err, &ce) || errors.As(err, &oe) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// Class 08: connection exceptions; 57P0x: the server is shutting
		// down, crashed or not yet accepting; 53300: too many connections.
		return strings.HasPrefix(pe.Code, "08") || strings.HasPrefix(pe.Code, "57P") || pe.Code == "53300"
	}
	var se *sqlite.Error
	if errors.As(err, &se) {
		switch se.Code() & 0xff {
		case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR:
			return true
		}
	}
	return false
}
