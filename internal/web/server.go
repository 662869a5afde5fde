// Package web serves the site. This first version answers health checks and
// shows the latest feed day as a plain list; the full pages and the API
// build on the same server.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

//go:embed templates/*.html
var templateFiles embed.FS

// Server is the web site of one store.
type Server struct {
	store *store.Store
	log   *slog.Logger
	tmpl  *template.Template
}

// New parses the templates (a broken template fails here, at start-up, not
// on a request) and returns the server.
func New(st *store.Store, log *slog.Logger) (*Server, error) {
	tmpl, err := template.New("").Funcs(funcs()).ParseFS(templateFiles, "templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("parse templates: %w", err)
	}
	return &Server{store: st, log: log, tmpl: tmpl}, nil
}

// Handler returns every route of the site.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", s.handle(s.healthz))
	mux.Handle("GET /{$}", s.handle(s.latestDay))
	mux.Handle("GET /papers/date/{day}", s.handle(s.day))
	return s.logRequests(mux)
}

// handlerFunc is a handler that returns its error for handle to answer.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// statusOf maps domain errors to HTTP status codes, in one place.
func statusOf(err error) int {
	switch {
	case errors.Is(err, paper.ErrNotFound):
		return http.StatusNotFound
	case errors.Is(err, paper.ErrInvalid):
		return http.StatusBadRequest
	case errors.Is(err, paper.ErrConflict):
		return http.StatusConflict
	case errors.Is(err, context.Canceled):
		return 499 // the client went away; nobody reads the answer
	}
	return http.StatusInternalServerError
}

func (s *Server) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		code := statusOf(err)
		if code >= 500 {
			s.log.Error("request failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		}
		msg := http.StatusText(code)
		if code == http.StatusBadRequest || code == http.StatusNotFound {
			msg = err.Error()
		}
		http.Error(w, msg, code)
	})
}

// statusRecorder remembers the status a handler wrote, for the request log.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	r.status = code
	r.ResponseWriter.WriteHeader(code)
}

func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)
		s.log.Info("request", slog.String("method", r.Method), slog.String("path", r.URL.Path),
			slog.Int("status", rec.status), slog.Duration("duration", time.Since(start)))
	})
}
