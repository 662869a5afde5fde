package app_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestUserCommands: user add, list and role, on both databases, and every
// change in the audit log.
func TestUserCommands(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		if r := run(t, dsn, "", "user", "add", "--email", "Ada@Example.org", "--name", "ada", "--role", "curator"); r.err != nil || !strings.Contains(r.stdout, "added ada <ada@example.org> as curator") {
			t.Fatalf("user add: %v %q %s", r.err, r.stdout, r.stderr)
		}
		run(t, dsn, "", "user", "add", "--email", "bob@example.org", "--name", "bob")
		for _, bad := range [][]string{
			{"user", "add", "--email", "ada@example.org", "--name", "other"},  // address taken
			{"user", "add", "--email", "x@example.org", "--name", "ADA"},      // name taken in another case
			{"user", "add", "--email", "x@example.org", "--name", "<script>"}, // not a username
			{"user", "add", "--email", "not an address", "--name", "carl"},
			{"user", "add", "--email", "c@example.org", "--name", "carl", "--role", "king"},
			{"user", "add"},
			{"user", "role", "nobody", "admin"},
			{"user", "dance"},
		} {
			if r := run(t, dsn, "", bad...); r.err == nil {
				t.Errorf("%v: no error; printed %q", bad, r.stdout)
			}
		}
		if r := run(t, dsn, "", "user", "role", "bob", "admin"); r.err != nil || r.stdout != "bob is now admin\n" {
			t.Errorf("user role: %v %q", r.err, r.stdout)
		}
		r := run(t, dsn, "", "user", "list")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.err != nil || len(lines) != 3 || !strings.HasPrefix(lines[1], "ada ") || !strings.Contains(lines[1], "curator") || !strings.Contains(lines[2], "admin") {
			t.Errorf("user list: %v\n%s", r.err, r.stdout)
		}
		s, err := store.Open(context.Background(), dsn, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		log, err := s.AuditLog(context.Background(), 10)
		if err != nil || len(log) != 3 || log[0].Action != "user.role" || log[0].Actor != "" {
			t.Errorf("audit log = %+v, %v", log, err)
		}
	})
}

// TestTokenCreate: the command prints the token alone, and the token
// authenticates as the user.
func TestTokenCreate(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	run(t, dsn, "", "user", "add", "--email", "ada@example.org", "--name", "ada")
	r := run(t, dsn, "", "token", "create", "--user", "ada")
	token := strings.TrimSpace(r.stdout)
	if r.err != nil || !strings.HasPrefix(token, "dp_") || strings.Count(r.stdout, "\n") != 1 {
		t.Fatalf("token create: %v %q", r.err, r.stdout)
	}
	s, err := store.Open(context.Background(), dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a, err := community.New(s, nil, nil, community.Options{}).TokenAccount(context.Background(), token)
	if err != nil || a.Name != "ada" {
		t.Errorf("token's account = %+v, %v", a, err)
	}
	if r := run(t, dsn, "", "token", "create", "--user", "nobody"); r.err == nil {
		t.Error("token for an unknown user: no error")
	}
	if r := run(t, dsn, "", "token", "create"); !errors.Is(r.err, app.ErrUsage) {
		t.Errorf("token create without --user: %v", r.err)
	}
}
