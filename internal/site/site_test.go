package site

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
)

func TestStatus(t *testing.T) {
	for err, want := range map[error]int{
		fmt.Errorf("GetPaper: %w", paper.ErrNotFound): 404,
		fmt.Errorf("bad day: %w", paper.ErrInvalid):   400,
		paper.ErrConflict: 409,
		context.Canceled:  StatusClientGone,
		fmt.Errorf("GetPaper: %w", context.DeadlineExceeded): 503,
		errors.New("disk on fire"):                           500,
	} {
		if got := Status(err); got != want {
			t.Errorf("Status(%v) = %d, want %d", err, got, want)
		}
	}
}

// TestRetryAfterDeadline: a request whose budget ran out waiting is told
// when to come back, as in an outage.
func TestRetryAfterDeadline(t *testing.T) {
	h := http.Header{}
	SetRetryAfter(h, fmt.Errorf("Search: %w", context.DeadlineExceeded))
	if h.Get("Retry-After") == "" {
		t.Error("no Retry-After for a request that ran out of time waiting for the database")
	}
}

func TestOrigin(t *testing.T) {
	r := httptest.NewRequest("GET", "http://papers.example/x", nil)
	if got := Origin("https://site.example/", r); got != "https://site.example" {
		t.Errorf("with a base URL: %s", got)
	}
	if got := Origin("", r); got != "http://papers.example" {
		t.Errorf("from the request: %s", got)
	}
	r.Header.Set("X-Forwarded-Proto", "https")
	if got := Origin("", r); got != "http://papers.example" {
		t.Errorf("X-Forwarded-Proto from a peer nobody trusts: %s", got)
	}
	r.Header.Set("X-Forwarded-Proto", "javascript")
	r.TLS = &tls.ConnectionState{}
	if got := Origin("", r); got != "https://papers.example" {
		t.Errorf("TLS, bogus forwarded scheme: %s", got)
	}
}
