package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Delivery states (EMAIL.md). queued → claimed (a worker holds it under a
// lease) → sending (committed just before the SMTP transaction) → sent,
// failed, unknown (the connection died after the data went), or back to
// queued to retry; skipped when the address left before its turn.
const (
	DeliveryQueued  = "queued"
	DeliveryClaimed = "claimed"
	DeliverySending = "sending"
	DeliverySent    = "sent"
	DeliveryFailed  = "failed"
	DeliveryUnknown = "unknown"
	DeliverySkipped = "skipped"
)

// ErrLeaseLost means a worker no longer holds a delivery: its lease
// expired and the row was recovered, or another worker has it. The
// worker must not send it.
var ErrLeaseLost = errors.New("delivery lease lost")

// ErrSkipped means the subscriber unsubscribed or was suppressed after
// planning: the delivery is marked skipped and must not be sent.
var ErrSkipped = errors.New("subscriber left before sending")

// Delivery is one subscriber's message of a run, as a worker holds it.
type Delivery struct {
	RunID      int64
	Subscriber Subscriber
	Attempts   int
	Picks      []string        // the topic picks
	ForYou     json.RawMessage // the For you picks as the digest froze them; nil: none
}

// ClaimDeliveries takes up to n queued deliveries of a run that are due,
// for owner, under a lease until leaseUntil. Two workers never get the
// same row (SKIP LOCKED on PostgreSQL; one writer on SQLite).
func (s *Store) ClaimDeliveries(ctx context.Context, runID int64, owner string, n int, leaseUntil time.Time) ([]Delivery, error) {
	now := s.now().UTC()
	var out []Delivery
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, s.d.rebind(s.d.claimDeliveries()), owner, leaseUntil.UTC(), now, runID, now, n)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var d Delivery
			var picks string
			if err := rows.Scan(&d.Subscriber.ID, &d.Attempts, &picks); err != nil {
				return err
			}
			p, err := decodePicks(picks)
			if err != nil {
				return fmt.Errorf("delivery %d/%d picks: %w", runID, d.Subscriber.ID, err)
			}
			d.Picks, d.ForYou = p.Topics, p.ForYou
			d.RunID = runID
			out = append(out, d)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("ClaimDeliveries(%d): %w", runID, err)
	}
	if err := s.attachSubscribers(ctx, out); err != nil {
		return nil, fmt.Errorf("ClaimDeliveries(%d): %w", runID, err)
	}
	return out, nil
}

func (s *Store) attachSubscribers(ctx context.Context, ds []Delivery) error {
	ids := make([]int64, len(ds))
	for i, d := range ds {
		ids[i] = d.Subscriber.ID
	}
	byID := make(map[int64]Subscriber, len(ds))
	err := forChunks(ids, s.d.maxParams(), func(chunk []int64) error {
		subs, err := s.scanSubscribers(ctx, `SELECT `+subscriberColumns+subscriberFrom+` WHERE s.id IN (`+inList(len(chunk))+`)`, anySlice(chunk)...)
		for _, sub := range subs {
			byID[sub.ID] = sub
		}
		return err
	})
	for i := range ds {
		ds[i].Subscriber = byID[ds[i].Subscriber.ID]
	}
	return err
}

// MarkSending commits, just before the SMTP transaction, that owner is
// about to send the delivery, and moves its lease to leaseUntil. It
// checks the subscriber again: one who unsubscribed or was suppressed
// since planning gets ErrSkipped (and the row is marked skipped); a row the
// owner no longer holds gets ErrLeaseLost.
//
// done are outcomes of the owner's earlier sends, committed in the same
// transaction: a worker records one message's outcome together with the
// start of the next, half the commits of doing each apart. One whose lease
// was lost is left as it is.
func (s *Store) MarkSending(ctx context.Context, runID, subscriberID int64, owner string, leaseUntil time.Time, done ...Finished) error {
	now := s.now().UTC()
	// skipped is returned after the commit: returned from inside the
	// transaction it would roll back the skipped mark, and the row would
	// stay claimed, be recovered and claimed again for ever.
	var skipped error
	err := s.tx(ctx, func(tx *sql.Tx) error {
		skipped = nil
		for _, f := range done {
			if err := s.finishTx(ctx, tx, runID, f.SubscriberID, owner, f.Outcome); err != nil && !errors.Is(err, ErrLeaseLost) {
				return err
			}
		}
		var status, suppressed string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT s.status, COALESCE(x.reason, '') FROM subscribers s
			LEFT JOIN suppressions x ON x.email = s.email WHERE s.id = ?`), subscriberID).Scan(&status, &suppressed)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
		next := DeliverySending
		if status != SubActive || suppressed != "" {
			next = DeliverySkipped
		}
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE deliveries SET state = ?, lease_until = ?, updated_at = ?
			WHERE run_id = ? AND subscriber_id = ? AND state = 'claimed' AND lease_owner = ?`),
			next, leaseUntil.UTC(), now, runID, subscriberID, owner)
		if err != nil {
			return err
		}
		switch n, _ := res.RowsAffected(); {
		case n == 0:
			// After the commit too: the outcomes in done must stay.
			skipped = ErrLeaseLost
		case next == DeliverySkipped:
			skipped = ErrSkipped
		}
		return nil
	})
	if err == nil {
		err = skipped
	}
	if err != nil {
		return fmt.Errorf("MarkSending(%d/%d): %w", runID, subscriberID, err)
	}
	return nil
}

// Outcome is how a send ended.
type Outcome struct {
	State   string    // sent, failed, unknown, or queued to retry
	Error   string    // the server's answer or the network error
	RetryAt time.Time // for queued: not before
}

// Finished is the outcome of one send, waiting to be recorded.
type Finished struct {
	SubscriberID int64
	Outcome      Outcome
}

// outcomeSet is the SET clause, with its arguments, that records a send's
// outcome on a leased row: the digest's deliveries and the outbox's mail
// keep their outcomes in the same columns.
func outcomeSet(o Outcome, now time.Time) (string, []any, error) {
	const done = `attempts = attempts + 1, lease_owner = '', lease_until = NULL, updated_at = ?`
	switch o.State {
	case DeliverySent:
		return `state = 'sent', sent_at = ?, last_error = '', ` + done, []any{now, now}, nil
	case DeliveryQueued:
		return `state = 'queued', next_at = ?, last_error = ?, ` + done, []any{o.RetryAt.UTC(), o.Error, now}, nil
	case DeliveryFailed, DeliveryUnknown:
		return `state = ?, last_error = ?, ` + done, []any{o.State, o.Error, now}, nil
	}
	return "", nil, fmt.Errorf("outcome state %q", o.State)
}

// FinishDelivery records the outcome of a send by owner. A row owner does
// not hold in state sending is ErrLeaseLost: nothing is overwritten.
func (s *Store) FinishDelivery(ctx context.Context, runID, subscriberID int64, owner string, o Outcome) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return s.finishTx(ctx, tx, runID, subscriberID, owner, o) })
	if err != nil {
		return fmt.Errorf("FinishDelivery(%d/%d): %w", runID, subscriberID, err)
	}
	return nil
}

func (s *Store) finishTx(ctx context.Context, tx *sql.Tx, runID, subscriberID int64, owner string, o Outcome) error {
	set, args, err := outcomeSet(o, s.now().UTC())
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE deliveries SET `+set+` WHERE run_id = ? AND subscriber_id = ? AND state = 'sending' AND lease_owner = ?`),
		append(args, runID, subscriberID, owner)...)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrLeaseLost
	}
	return nil
}

// ReleaseDeliveries gives back, unsent, deliveries owner claimed and will
// not send (shutting down, the run paused), due again at retryAt.
func (s *Store) ReleaseDeliveries(ctx context.Context, runID int64, owner string, subscriberIDs []int64, retryAt time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		return forChunks(subscriberIDs, s.d.maxParams()-4, func(chunk []int64) error {
			_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE deliveries SET state = 'queued', lease_owner = '', lease_until = NULL, next_at = ?
				WHERE run_id = ? AND lease_owner = ? AND state = 'claimed' AND subscriber_id IN (`+inList(len(chunk))+`)`),
				append([]any{retryAt.UTC(), runID, owner}, anySlice(chunk)...)...)
			return err
		})
	})
	if err != nil {
		return fmt.Errorf("ReleaseDeliveries(%d): %w", runID, err)
	}
	return nil
}

// RecoverLeases repairs what crashed workers left: claimed rows whose lease
// expired go back to the queue (nothing was sent), sending rows whose lease
// expired become unknown (the message may have gone) or, with resend, go
// back to the queue.
func (s *Store) RecoverLeases(ctx context.Context, resend bool) (requeued, unknown int, err error) {
	target := DeliveryUnknown
	if resend {
		target = DeliveryQueued
	}
	var moved int
	err = s.tx(ctx, func(tx *sql.Tx) error {
		requeued, moved, err = s.recoverTx(ctx, tx, "deliveries", target)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("RecoverLeases: %w", err)
	}
	if resend {
		return requeued + moved, 0, nil
	}
	return requeued, moved, nil
}

// recoverTx repairs the expired leases of a table of leased sends (the
// digest's deliveries, the outbox): claimed rows go back to the queue, as
// nothing was sent, and sending rows move to sendingTo. table is a name
// from this package, never from input.
func (s *Store) recoverTx(ctx context.Context, tx *sql.Tx, table, sendingTo string) (requeued, moved int, err error) {
	now := s.now().UTC()
	res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE `+table+` SET state = 'queued', lease_owner = '', lease_until = NULL, updated_at = ?
		WHERE state = 'claimed' AND lease_until < ?`), now, now)
	if err != nil {
		return 0, 0, err
	}
	n, _ := res.RowsAffected()
	res, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE `+table+` SET state = ?, lease_owner = '', lease_until = NULL, updated_at = ?,
		last_error = 'the sender stopped during the SMTP transaction' WHERE state = 'sending' AND lease_until < ?`), sendingTo, now, now)
	if err != nil {
		return 0, 0, err
	}
	m, _ := res.RowsAffected()
	return int(n), int(m), nil
}

// DeliveriesOf lists the deliveries of a run in a state (empty: all), for
// the admin pages and tests.
func (s *Store) DeliveriesOf(ctx context.Context, runID int64, state string) ([]DeliveryRow, error) {
	q := `SELECT d.subscriber_id, s.email, d.state, d.attempts, d.last_error, d.sent_at FROM deliveries d
		JOIN subscribers s ON s.id = d.subscriber_id WHERE d.run_id = ?`
	args := []any{runID}
	if state != "" {
		q, args = q+` AND d.state = ?`, append(args, state)
	}
	rows, err := s.r.QueryContext(ctx, s.d.rebind(q+` ORDER BY d.subscriber_id`), args...)
	if err != nil {
		return nil, fmt.Errorf("DeliveriesOf(%d): %w", runID, err)
	}
	defer rows.Close()
	var out []DeliveryRow
	for rows.Next() {
		var r DeliveryRow
		var sent sql.NullTime
		if err := rows.Scan(&r.SubscriberID, &r.Email, &r.State, &r.Attempts, &r.LastError, &sent); err != nil {
			return nil, fmt.Errorf("DeliveriesOf(%d): %w", runID, err)
		}
		r.SentAt = sent.Time
		out = append(out, r)
	}
	return out, rows.Err()
}

// DeliveryRow is a delivery as the admin pages list it.
type DeliveryRow struct {
	SubscriberID int64
	Email        string
	State        string
	Attempts     int
	LastError    string
	SentAt       time.Time
}
