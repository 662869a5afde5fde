// Package site holds the HTTP conventions the pages, the API and the feeds
// share: which status a domain error answers with, and the origin absolute
// links start with.
package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// StatusClientGone is logged when the client left before the answer; nobody
// reads it.
const StatusClientGone = 499

// Status maps a domain error to its HTTP status: the one table for the
// whole site.
func Status(err error) int {
	switch {
	case errors.Is(err, paper.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case unavailable(err):
		// The database cannot be reached, or the request's budget ran out
		// (the database or arXiv did not answer in time): a client should
		// retry, as after an outage.
		return http.StatusServiceUnavailable
	case errors.Is(err, paper.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, paper.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, paper.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, paper.ErrUnauthenticated):
		return http.StatusUnauthorized
	case errors.Is(err, paper.ErrForbidden):
		return http.StatusForbidden
	case errors.Is(err, paper.ErrTooMany):
		return http.StatusTooManyRequests
	case store.Unstorable(err):
		return http.StatusBadRequest
	case errors.Is(err, context.Canceled):
		return StatusClientGone
	}
	return http.StatusInternalServerError
}

// unavailable reports whether an error means "not now": the database is
// unreachable (store.Unavailable covers paper.ErrUnavailable) or the
// request's deadline passed.
func unavailable(err error) bool {
	return store.Unavailable(err) || errors.Is(err, context.DeadlineExceeded)
}

// PublicMessage returns the message an error carries for the person who
// made the request (paper.UserError, paper.Throttled and the like), if any:
// everything else is internal and stays in the log.
func PublicMessage(err error) (string, bool) {
	var pm interface{ PublicMessage() string }
	if errors.As(err, &pm) {
		return pm.PublicMessage(), true
	}
	return "", false
}

// SetRetryAfter adds Retry-After (whole seconds, at least 1) to the answer
// of an error that says when to try again, or that the database cannot be
// reached now.
func SetRetryAfter(h http.Header, err error) {
	var t *paper.Throttled
	switch {
	case errors.As(err, &t):
		h.Set("Retry-After", strconv.Itoa(max(1, int((t.After+time.Second-1)/time.Second))))
	case unavailable(err):
		h.Set("Retry-After", strconv.Itoa(int(UnavailableRetry/time.Second)))
	}
}

// UnavailableRetry is how long a client is asked to wait when the database
// cannot be reached: long enough for a restart, short enough that a reader
// retrying by hand is not sent away for long.
const UnavailableRetry = 30 * time.Second

// Origin is the scheme and host absolute links start with: baseURL when the
// site is configured with one, else what the request was made to (behind a
// trusted TLS-terminating proxy, X-Forwarded-Proto says the scheme; see
// Proxies).
func Origin(baseURL string, r *http.Request) string {
	if baseURL != "" {
		return strings.TrimRight(baseURL, "/")
	}
	return Scheme(r) + "://" + r.Host
}

// MovesWithClock dates a response whose content changes with time alone (a
// trending order) as modified now, so that If-Modified-Since never finds it
// unchanged; the ETag, a hash of the bytes, still does when it is.
func MovesWithClock(h http.Header, now time.Time) {
	h.Set("Last-Modified", now.UTC().Format(http.TimeFormat))
}
