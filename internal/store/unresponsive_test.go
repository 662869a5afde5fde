package store_test

import (
	"context"
	"net"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/store"
)

// TestOpenUnresponsivePostgres: a PostgreSQL that accepts connections and
// never answers (a frozen server) is unavailable, not a wait without end.
func TestOpenUnresponsivePostgres(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			defer c.Close() // held open, unanswered, until the test ends
		}
	}()
	done := make(chan error, 1)
	go func() {
		s, err := store.Open(context.Background(), "postgres://postgres@"+ln.Addr().String()+"/dp?sslmode=disable", store.Options{})
		if err == nil {
			s.Close()
		}
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !store.Unavailable(err) {
			t.Errorf("Open = %v, want an error that says the database is unavailable", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("Open is still waiting for a server that does not answer")
	}
}
