package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestServeRendersOldComments: comments whose HTML was never stored (written
// before migration 12) are rendered and stored once when serve starts.
func TestServeRendersOldComments(t *testing.T) {
	dsn := storetest.DSN(t, "sqlite")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 8, 21, 12, 0, 0, 0, time.UTC)
	_, err = st.Import(ctx, []store.Item{{Paper: paper.Paper{ID: "2608.00001", Title: "A paper", PublishedAt: at},
		Entry: &paper.Entry{Day: "2026-08-21", SubmittedAt: at}}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.CreateAccount(ctx, store.Account{Name: "ada", Email: "ada@example.org", Role: store.RoleUser})
	if err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"An *old* comment", "Another"} {
		if _, err := st.AddComment(ctx, "2608.00001", 0, a.ID, body); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	// As the migration leaves comments written before it.
	storetest.Exec(t, dsn, `UPDATE comments SET body_html = '', html_policy = 0`)

	var out, logs syncBuffer
	env := map[string]string{"DAILYPAPERS_DB": dsn, "DAILYPAPERS_ADDR": "127.0.0.1:0", "DAILYPAPERS_LOG_LEVEL": "info"}
	done := make(chan error, 1)
	go func() {
		done <- app.Run(ctx, []string{"serve", "--no-digest"}, app.Env{
			Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &logs,
		})
	}()
	waitFor(t, func() string {
		if strings.Contains(logs.String(), `msg="rendered stored comments under the current rules" comments=2`) {
			return "done"
		}
		return ""
	}, done, &logs)
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after shutdown\n%s", err, logs.String())
	}
}
