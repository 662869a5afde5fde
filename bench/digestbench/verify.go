package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/store"
)

// check is what verify found.
type check struct {
	server    counts
	states    map[string]int // the run's deliveries by state
	withPicks int            // deliveries with topic picks
	problems  []string
}

func (c check) ok() bool { return len(c.problems) == 0 }

// verify compares what the SMTP server received with the run: one message
// per subscriber, each with its own stable Message-ID, none twice, and
// every delivery sent.
func (b *bench) verify(ctx context.Context, run store.Run) (check, error) {
	c := check{server: b.smtp.counts(), states: run.Counts}
	fail := func(format string, args ...any) { c.problems = append(c.problems, fmt.Sprintf(format, args...)) }
	if c.server.messages != b.subs {
		fail("the server received %d messages, want %d", c.server.messages, b.subs)
	}
	if c.server.duplicates > 0 || c.server.noID > 0 {
		fail("%d Message-IDs arrived more than once, %d messages had none", c.server.duplicates, c.server.noID)
	}
	if run.Counts[store.DeliverySent] != b.subs || len(run.Counts) != 1 {
		fail("deliveries by state %v, want all %d sent", run.Counts, b.subs)
	}
	if run.Finished.IsZero() {
		fail("the run is not marked finished")
	}
	ids, picks, err := b.deliveries(ctx, run.ID)
	if err != nil {
		return c, err
	}
	c.withPicks = picks
	missing := 0
	for _, id := range ids {
		if b.smtp.arrivals(digest.MessageID(run.ID, id, "papers.example.org")) != 1 {
			missing++
		}
	}
	if missing > 0 {
		fail("%d of %d deliveries did not arrive exactly once under their Message-ID", missing, len(ids))
	}
	return c, nil
}

// deliveries lists the subscribers of a run's deliveries and counts those
// with topic picks.
func (b *bench) deliveries(ctx context.Context, runID int64) (ids []int64, withPicks int, err error) {
	db, err := b.rawDB()
	if err != nil {
		return nil, 0, err
	}
	defer db.Close()
	q := `SELECT subscriber_id, picks FROM deliveries WHERE run_id = ` + fmt.Sprint(runID)
	rows, err := db.QueryContext(ctx, q)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var picks string
		if err := rows.Scan(&id, &picks); err != nil {
			return nil, 0, err
		}
		ids = append(ids, id)
		if picks != "[]" && !strings.HasPrefix(picks, `{"topics":[]`) {
			withPicks++
		}
		if strings.HasPrefix(picks, "{") {
			b.withForYou++
		}
	}
	return ids, withPicks, rows.Err()
}

// states prints deliveries by state, sorted.
func states(m map[string]int) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
	}
	return strings.Join(parts, ", ")
}
