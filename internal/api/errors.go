package api

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
)

// handlerFunc is a handler that returns its error for handle to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// clientError is an error whose message is written for the client, the way
// Hugging Face words them ({"error": "Paper not found"}).
type clientError struct {
	msg  string
	kind error // paper.ErrInvalid or paper.ErrNotFound
}

func (e *clientError) Error() string { return e.msg }
func (e *clientError) Unwrap() error { return e.kind }

// invalid is a 400 with the message.
func invalid(format string, args ...any) error {
	return &clientError{msg: fmt.Sprintf(format, args...), kind: paper.ErrInvalid}
}

// notFound is a 404 with the message.
func notFound(msg string) error {
	return &clientError{msg: msg, kind: paper.ErrNotFound}
}

// messageOf is what the client is told: our own words for its mistakes, and
// nothing of the internals (SQL, paths) otherwise.
func messageOf(err error, code int) string {
	var ce *clientError
	if errors.As(err, &ce) {
		return ce.msg
	}
	if msg, ok := site.PublicMessage(err); ok {
		return msg
	}
	switch code {
	case http.StatusBadRequest:
		return "Invalid request"
	case http.StatusNotFound:
		return "Not found"
	case http.StatusUnauthorized:
		return "Authentication required"
	case http.StatusForbidden:
		return "Forbidden"
	case http.StatusConflict:
		return "Conflict"
	case http.StatusTooManyRequests:
		return "Too many requests"
	}
	return "Internal server error"
}

// errorBody is Hugging Face's error shape.
type errorBody struct {
	Error string `json:"error"`
	// Rule names the submission rule that refused, for scripts.
	Rule string `json:"rule,omitempty"`
}

// handle runs h and turns its error into a JSON error response.
func (a *API) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := site.Status(err)
		if code >= http.StatusInternalServerError {
			a.opts.Log.Error("api request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		}
		if code == 499 {
			return
		}
		site.SetRetryAfter(w.Header(), err)
		if code == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dailypapers"`)
		}
		body := errorBody{Error: messageOf(err, code)}
		if re := (*community.RuleError)(nil); errors.As(err, &re) {
			body.Rule = re.Rule
		}
		writeJSON(w, code, body)
	})
}
