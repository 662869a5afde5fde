package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestBudget: every request's work has a deadline, so a database that stops
// answering ends it (503) instead of holding it: readers get the short one.
func TestBudget(t *testing.T) {
	for _, tt := range []struct {
		method, path string
		want         time.Duration
	}{
		{"GET", "/papers/2406.12345", readBudget},
		{"HEAD", "/", readBudget},
		{"POST", "/api/papers/submit", writeBudget},
		{"GET", "/admin/subscribers.csv", writeBudget},
	} {
		var left time.Duration
		h := withBudget(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if d, ok := r.Context().Deadline(); ok {
				left = time.Until(d)
			}
		}))
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(tt.method, tt.path, nil))
		if left < tt.want/2 || left > tt.want {
			t.Errorf("%s %s: %s left of its budget, want at most %s", tt.method, tt.path, left, tt.want)
		}
	}
}
