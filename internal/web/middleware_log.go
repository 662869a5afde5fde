package web

import (
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// logWriter remembers the status and the size of a response for the
// request log.
type logWriter struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (w *logWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *logWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *logWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// logRequests logs every request with its status, the bytes sent and how
// long it took.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		lw := &logWriter{ResponseWriter: w}
		next.ServeHTTP(lw, r)
		if lw.status == 0 {
			lw.status = http.StatusOK
		}
		s.log.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", logPath(r.URL.Path)),
			slog.Int("status", lw.status), slog.Int64("bytes", lw.bytes),
			slog.Duration("duration", time.Since(start)))
	})
}

// secretPaths start the addresses whose last segment is a secret (a
// subscription's token, which works without signing in, for as long as the
// subscription lasts): the log names the route, never the token.
var secretPaths = []string{"/subscription/", "/unsubscribe/"}

// maxLoggedPath bounds the path a log line carries: a request for an
// address of a megabyte is not a megabyte of log.
const maxLoggedPath = 200

// logPath is a request's path as the logs show it.
func logPath(p string) string {
	for _, prefix := range secretPaths {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) {
			return prefix + "{token}"
		}
	}
	if len(p) > maxLoggedPath {
		return strings.ToValidUTF8(p[:maxLoggedPath], "") + "…"
	}
	return p
}
