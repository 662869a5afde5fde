package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
)

// handlerFunc is a handler that returns its error for handle to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle turns a handler's error into an error page.
func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := site.Status(err)
		if code >= 500 {
			s.log.Error("request failed", slog.String("path", logPath(r.URL.Path)), slog.Any("error", err))
		}
		s.errorPage(w, r, code, err)
	})
}

// errorPage is what templates/error.html shows.
type errorPage struct {
	basePage
	Code    int
	Status  string
	Message string
}

func (s *Server) errorPage(w http.ResponseWriter, r *http.Request, code int, err error) {
	if code == 499 {
		return
	}
	p := errorPage{Code: code, Status: http.StatusText(code), Message: genericMessages[code]}
	if pe := (*publicError)(nil); errors.As(err, &pe) {
		p.Message = pe.msg
	} else if msg, ok := publicMessage(err); ok {
		p.Message = msg
	}
	site.SetRetryAfter(w.Header(), err)
	if p.Message == "" {
		p.Message = genericMessages[http.StatusInternalServerError]
	}
	p.Message = sentence(p.Message)
	if p.Status == "" {
		p.Status = "Error"
	}
	p.basePage = s.base(r, p.Status+" — Daily Papers")
	p.NoIndex, p.Canonical = true, ""
	if rerr := s.renderStatus(w, code, "error.html", &p); rerr != nil {
		s.log.Error("render error page", slog.Any("error", rerr))
		http.Error(w, p.Status, code)
	}
}

// publicMessage is site.PublicMessage as a page shows it, on its own as a
// sentence: the domain writes its messages in lower case to fit in the
// API's JSON and after a colon, and a page starts them with a capital.
func publicMessage(err error) (string, bool) {
	msg, ok := site.PublicMessage(err)
	return sentence(msg), ok
}

// sentence starts msg with a capital letter, unless its first word has one
// already somewhere inside (arXiv, eMail) and would be spelt wrong.
func sentence(msg string) string {
	first, size := utf8.DecodeRuneInString(msg)
	if !unicode.IsLower(first) {
		return msg
	}
	word, _, _ := strings.Cut(msg, " ")
	if strings.IndexFunc(word, unicode.IsUpper) >= 0 {
		return msg
	}
	return string(unicode.ToUpper(first)) + msg[size:]
}

// genericMessages explain a status when no handler said more; internal
// error text never reaches a page.
var genericMessages = map[int]string{
	http.StatusNotFound:            "There is nothing at this address.",
	http.StatusBadRequest:          "This address asks for something we cannot show.",
	http.StatusInternalServerError: "Something went wrong on our side. Please try again in a moment.",
	http.StatusUnauthorized:        "Sign in to do this.",
	http.StatusForbidden:           "You may not do this.",
	http.StatusConflict:            "This was done already.",
	http.StatusTooManyRequests:     "That was a lot in a short time. Please wait a little and try again.",
	http.StatusServiceUnavailable:  "The site cannot reach its database at the moment. Please try again in a minute.",
}

// publicError is an error whose message is written for readers, shown on
// the error page; kind is the domain error that picks the status.
type publicError struct {
	msg  string
	kind error
}

func (e *publicError) Error() string { return e.msg }
func (e *publicError) Unwrap() error { return e.kind }

// badRequest is a 400 with a message for the reader.
func badRequest(format string, args ...any) error {
	return &publicError{msg: fmt.Sprintf(format, quoted(args)...), kind: paper.ErrInvalid}
}

// missing is a 404 with a message for the reader.
func missing(format string, args ...any) error {
	return &publicError{msg: fmt.Sprintf(format, quoted(args)...), kind: paper.ErrNotFound}
}

// maxQuoted is how much of what a request sent an error message repeats:
// an address of a megabyte gets a page of the usual size.
const maxQuoted = 200

// quoted clamps the strings among a message's arguments to maxQuoted.
func quoted(args []any) []any {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > maxQuoted {
			args[i] = clamp(s, maxQuoted)
		}
	}
	return args
}

// notFound answers every path no route claims.
func notFound(_ http.ResponseWriter, r *http.Request) error {
	return missing("There is no page at %s.", r.URL.Path)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		return fmt.Errorf("healthz: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	return json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
}
