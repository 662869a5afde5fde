package web

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// Budgets for a request's work once its body is read: a reader waits at
// most readBudget for the database; other methods, and the admin's pages
// (a subscriber export streams for as long as the client takes), get until
// the server's write timeout, as a submission may wait 45 s for arXiv. A database that
// stops answering (frozen, not refusing) then costs a reader a 503 with
// Retry-After after readBudget, not a wait without end; its connections and
// goroutines are released with it.
const (
	readBudget  = 10 * time.Second
	writeBudget = 60 * time.Second
)

// withBudget gives the request's context the deadline of its budget.
func withBudget(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		budget := writeBudget
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && !strings.HasPrefix(r.URL.Path, "/admin/") {
			budget = readBudget
		}
		ctx, cancel := context.WithTimeout(r.Context(), budget)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
