package store_test

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestUnavailable: errors that say the database cannot be reached (a
// closed store, a refused connection) are told apart from those that say
// the request or the code is wrong.
func TestUnavailable(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := open(t, dsn)
		_, missing := s.GetPaper(ctx, "2401.99999")
		_, badCursor := s.ListPapers(ctx, "not a cursor", 10)
		s.Close()
		_, closed := s.GetPaper(ctx, "2401.99999")
		for _, c := range []struct {
			name string
			err  error
			want bool
		}{
			{"a closed store", closed, true},
			{"ErrUnavailable wrapped", fmt.Errorf("op: %w", paper.ErrUnavailable), true},
			{"not found", missing, false},
			{"invalid", badCursor, false},
			{"nil", nil, false},
			{"another error", errors.New("template: no such field"), false},
		} {
			if got := store.Unavailable(c.err); got != c.want {
				t.Errorf("Unavailable(%s: %v) = %v, want %v", c.name, c.err, got, c.want)
			}
		}
	})
	// Nothing listens on port 1: the connection is refused.
	_, err := store.Open(context.Background(), "postgres://postgres@127.0.0.1:1/postgres?sslmode=disable&connect_timeout=5", store.Options{})
	if err == nil || !store.Unavailable(err) {
		t.Errorf("Open on a closed port = %v, want an error Unavailable says yes to", err)
	}
}
