package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Run is one digest: a frequency and a period, the content frozen when it
// was planned, and the count of its deliveries in each state.
type Run struct {
	ID        int64
	Frequency string
	Period    string
	Papers    []byte // the frozen content, as the digest package wrote it
	PlannedAt time.Time
	Planned   bool // every delivery row is in
	Finished  time.Time
	Paused    bool
	Counts    map[string]int
}

// Done reports whether every delivery of a planned run is in a final state.
func (r Run) Done() bool {
	return r.Planned && r.Counts[DeliveryQueued]+r.Counts[DeliveryClaimed]+r.Counts[DeliverySending] == 0
}

const runColumns = `id, frequency, period, papers, planned_at, planned, finished_at, paused`

func scanRun(sc scanner) (Run, error) {
	var r Run
	var papers string
	var finished sql.NullTime
	err := sc.Scan(&r.ID, &r.Frequency, &r.Period, &papers, &r.PlannedAt, &r.Planned, &finished, &r.Paused)
	r.Papers, r.Finished = []byte(papers), finished.Time
	return r, err
}

// CreateRun makes the run of a frequency and period with its content, or
// returns the run made before, with the content it froze then: a restart
// or a second server plans the same digest.
func (s *Store) CreateRun(ctx context.Context, frequency, period string, papers []byte) (Run, error) {
	var r Run
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO digest_runs (frequency, period, papers, planned_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (frequency, period) DO NOTHING`), frequency, period, string(papers), s.now().UTC())
		if err != nil {
			return err
		}
		r, err = scanRun(tx.QueryRowContext(ctx, s.d.rebind(`SELECT `+runColumns+` FROM digest_runs WHERE frequency = ? AND period = ?`), frequency, period))
		return err
	})
	if err != nil {
		return r, fmt.Errorf("CreateRun(%s %s): %w", frequency, period, err)
	}
	return r, nil
}

// RunByPeriod returns the run of a frequency and period with its counts.
func (s *Store) RunByPeriod(ctx context.Context, frequency, period string) (Run, error) {
	r, err := scanRun(s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+runColumns+` FROM digest_runs WHERE frequency = ? AND period = ?`), frequency, period))
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("RunByPeriod(%s %s): %w", frequency, period, paper.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("RunByPeriod: %w", err)
	}
	r.Counts, err = s.runCounts(ctx, r.ID)
	return r, err
}

// Runs returns the latest runs, newest first, with their counts.
func (s *Store) Runs(ctx context.Context, limit int) ([]Run, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+runColumns+` FROM digest_runs ORDER BY id DESC LIMIT `+fmt.Sprint(limit))
	if err != nil {
		return nil, fmt.Errorf("Runs: %w", err)
	}
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			rows.Close()
			return nil, fmt.Errorf("Runs: %w", err)
		}
		out = append(out, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		if out[i].Counts, err = s.runCounts(ctx, out[i].ID); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// OpenRuns returns the runs not yet finished, oldest first, for workers.
func (s *Store) OpenRuns(ctx context.Context) ([]Run, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+runColumns+` FROM digest_runs WHERE finished_at IS NULL ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("OpenRuns: %w", err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, fmt.Errorf("OpenRuns: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (s *Store) runCounts(ctx context.Context, runID int64) (map[string]int, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT state, COUNT(*) FROM deliveries WHERE run_id = ? GROUP BY state`), runID)
	if err != nil {
		return nil, fmt.Errorf("run counts: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var state string
		var n int
		if err := rows.Scan(&state, &n); err != nil {
			return nil, err
		}
		out[state] = n
	}
	return out, rows.Err()
}

// planPage is how many deliveries one planning transaction inserts.
const planPage = 2000

// PlanDeliveriesWith inserts a queued delivery for every active,
// unsuppressed subscriber of the run's frequency that has none yet, with
// the picks fn chooses for each page of them (one Picks a subscriber, in
// order; fn runs before the page's transaction, so it may read the store),
// and marks the run planned. Planning again, or from two servers at once,
// inserts nothing twice. It returns how many rows this call inserted.
func (s *Store) PlanDeliveriesWith(ctx context.Context, run Run, fn func(context.Context, []Subscriber) ([]Picks, error)) (int, error) {
	var after int64
	total := 0
	for {
		subs, err := s.scanSubscribers(ctx, `SELECT `+subscriberColumns+subscriberFrom+`
			WHERE s.status = 'active' AND s.frequency = ? AND x.email IS NULL AND s.id > ? ORDER BY s.id LIMIT `+fmt.Sprint(planPage),
			run.Frequency, after)
		if err != nil {
			return total, fmt.Errorf("PlanDeliveries: %w", err)
		}
		if len(subs) == 0 {
			break
		}
		after = subs[len(subs)-1].ID
		picks, err := fn(ctx, subs)
		if err != nil {
			return total, fmt.Errorf("PlanDeliveries: %w", err)
		}
		n, err := s.insertDeliveries(ctx, run.ID, subs, picks)
		if err != nil {
			return total, fmt.Errorf("PlanDeliveries: %w", err)
		}
		total += n
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE digest_runs SET planned = TRUE WHERE id = ?`), run.ID)
		return err
	})
	if err != nil {
		return total, fmt.Errorf("PlanDeliveries: %w", err)
	}
	return total, nil
}

func (s *Store) insertDeliveries(ctx context.Context, runID int64, subs []Subscriber, picks []Picks) (int, error) {
	encoded := make(map[int64]string, len(subs))
	for i, sub := range subs {
		var p Picks
		if i < len(picks) {
			p = picks[i]
		}
		e, err := p.encode()
		if err != nil {
			return 0, err
		}
		encoded[sub.ID] = e
	}
	const cols = 5
	now := s.now().UTC()
	inserted := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		inserted = 0
		return forChunks(subs, min(500, s.d.maxParams()/cols), func(chunk []Subscriber) error {
			args := make([]any, 0, len(chunk)*cols)
			for _, sub := range chunk {
				args = append(args, runID, sub.ID, now, encoded[sub.ID], now)
			}
			res, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO deliveries (run_id, subscriber_id, next_at, picks, updated_at) VALUES `+
				placeholders(len(chunk), cols)+` ON CONFLICT (run_id, subscriber_id) DO NOTHING`), args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			inserted += int(n)
			return nil
		})
	})
	return inserted, err
}

func nonNil(xs []string) []string {
	if xs == nil {
		return []string{}
	}
	return xs
}

// FinishRun marks a run finished when it is done, and reports whether it is.
func (s *Store) FinishRun(ctx context.Context, runID int64) (bool, error) {
	var done bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var planned bool
		var open int
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT planned, (SELECT COUNT(*) FROM deliveries WHERE run_id = ? AND state IN ('queued', 'claimed', 'sending'))
			FROM digest_runs WHERE id = ?`), runID, runID).Scan(&planned, &open)
		if err != nil {
			return err
		}
		if done = planned && open == 0; done {
			_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE digest_runs SET finished_at = COALESCE(finished_at, ?) WHERE id = ?`), s.now().UTC(), runID)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("FinishRun(%d): %w", runID, err)
	}
	return done, nil
}

// PauseRun stops (or, with paused false, resumes) the sending of a run.
func (s *Store) PauseRun(ctx context.Context, runID int64, paused bool) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE digest_runs SET paused = ? WHERE id = ?`), paused, runID)
		return err
	})
	if err != nil {
		return fmt.Errorf("PauseRun(%d): %w", runID, err)
	}
	return nil
}

// RunPaused reports whether a run is paused, by whichever process paused
// it: workers ask before each batch.
func (s *Store) RunPaused(ctx context.Context, runID int64) (bool, error) {
	var paused bool
	if err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT paused FROM digest_runs WHERE id = ?`), runID).Scan(&paused); err != nil {
		return false, fmt.Errorf("RunPaused(%d): %w", runID, err)
	}
	return paused, nil
}
