package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
)

// Kinds of mail in the outbox.
const (
	MailSignIn  = "signin"  // a one-time sign-in link
	MailConfirm = "confirm" // a subscription request and its double opt-in link
)

// Outbox states, as deliveries' (deliveries.go), and discarded: the
// worker found nothing to send (an address already subscribed).
const (
	MailDiscarded = "discarded"
)

// MailJob is a mail a request asked for: what the worker needs to decide
// whether to send it and to build it. The link's secret is not in it: the
// worker makes one for each attempt and stores only its hash.
type MailJob struct {
	ID    int64
	Kind  string
	Email string
	// Subscribe is the request of a confirm job (its Token and
	// ConfirmHash are made by the worker).
	Subscribe SubscribeRequest
	// Next and LinkLifetime are a sign-in job's destination and how long
	// its link works once made.
	Next         string
	LinkLifetime time.Duration
	Attempts     int
	TokenHash    string // the hash of the last attempt's link, if any
}

// mailParams is a job's params column.
type mailParams struct {
	Frequency   string        `json:"frequency,omitempty"`
	Categories  []string      `json:"categories,omitempty"`
	Keywords    []string      `json:"keywords,omitempty"`
	UserID      int64         `json:"user_id,omitempty"`
	ResendAfter time.Duration `json:"resend_after,omitempty"`
	Next        string        `json:"next,omitempty"`
	Lifetime    time.Duration `json:"lifetime,omitempty"`
}

// QueueMail records a mail to send. It is the one write a request makes,
// the same whatever the address: whether the address is known is decided
// by the worker, so neither the answer nor its timing tells.
func (s *Store) QueueMail(ctx context.Context, j MailJob) error {
	p, err := json.Marshal(mailParams{Frequency: j.Subscribe.Frequency, Categories: j.Subscribe.Categories, Keywords: j.Subscribe.Keywords,
		UserID: j.Subscribe.UserID, ResendAfter: j.Subscribe.ResendAfter, Next: j.Next, Lifetime: j.LinkLifetime})
	if err != nil {
		return fmt.Errorf("QueueMail: %w", err)
	}
	now := s.now().UTC()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO outbox (kind, email, params, next_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?)`), j.Kind, j.Email, string(p), now, now, now)
		return err
	})
	if err != nil {
		return fmt.Errorf("QueueMail: %w", err)
	}
	return nil
}

// ClaimMail takes up to n queued mails that are due, for owner, under a
// lease until leaseUntil. Two workers never get the same row (SKIP LOCKED
// on PostgreSQL; one writer on SQLite).
func (s *Store) ClaimMail(ctx context.Context, owner string, n int, leaseUntil time.Time) ([]MailJob, error) {
	now := s.now().UTC()
	var out []MailJob
	err := s.tx(ctx, func(tx *sql.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, s.d.rebind(s.d.claimMail()), owner, leaseUntil.UTC(), now, now, n)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var j MailJob
			var params string
			if err := rows.Scan(&j.ID, &j.Kind, &j.Email, &params, &j.Attempts, &j.TokenHash); err != nil {
				return err
			}
			var p mailParams
			if err := json.Unmarshal([]byte(params), &p); err != nil {
				return fmt.Errorf("outbox %d params: %w", j.ID, err)
			}
			j.Subscribe = SubscribeRequest{Email: j.Email, Frequency: p.Frequency, Categories: p.Categories, Keywords: p.Keywords,
				UserID: p.UserID, ResendAfter: p.ResendAfter}
			j.Next, j.LinkLifetime = p.Next, p.Lifetime
			out = append(out, j)
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("ClaimMail: %w", err)
	}
	return out, nil
}

// MailLink is the link a worker made for one attempt at a mail: the hash
// of its secret, and for a new subscriber the preferences token.
type MailLink struct {
	Hash       string
	PrefsToken string
}

// StartMail commits, just before the SMTP transaction, that owner is about
// to send a claimed mail, together with what the mail's link needs: a
// sign-in link, or the subscription request and its confirmation link. It
// reports false when there is nothing to send (the address is subscribed
// already, or asked within the resend interval, or a retried
// confirmation's subscriber has moved on): the row is then discarded. A
// row owner does not hold is ErrLeaseLost.
func (s *Store) StartMail(ctx context.Context, j MailJob, owner string, leaseUntil time.Time, link MailLink) (send bool, err error) {
	now := s.now().UTC()
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE outbox SET state = 'sending', lease_until = ?, token_hash = ?, updated_at = ?
			WHERE id = ? AND state = 'claimed' AND lease_owner = ?`), leaseUntil.UTC(), link.Hash, now, j.ID, owner)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrLeaseLost
		}
		if send, err = s.makeLink(ctx, tx, j, link, now); err != nil || send {
			return err
		}
		_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE outbox SET state = '`+MailDiscarded+`', lease_owner = '', lease_until = NULL, token_hash = ''
			WHERE id = ?`), j.ID)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("StartMail(%d): %w", j.ID, err)
	}
	return send, nil
}

// makeLink stores what the link of one attempt at a mail needs, and reports
// whether the mail goes out.
func (s *Store) makeLink(ctx context.Context, tx *sql.Tx, j MailJob, link MailLink, now time.Time) (bool, error) {
	switch {
	case j.Kind == MailSignIn:
		if j.TokenHash != "" {
			// An earlier attempt's link never arrived (the server refused it).
			if _, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM signin_tokens WHERE hash = ? AND used_at IS NULL`), j.TokenHash); err != nil {
				return false, err
			}
		}
		err := s.createSigninTokenTx(ctx, tx, link.Hash, j.Email, j.Next, now, now.Add(j.LinkLifetime))
		return err == nil, err
	case j.Kind == MailConfirm && j.TokenHash == "":
		req := j.Subscribe
		req.Token, req.ConfirmHash = link.PrefsToken, link.Hash
		return s.subscribeTx(ctx, tx, req)
	case j.Kind == MailConfirm:
		// A retry: the last attempt's link, never delivered, is replaced,
		// unless the subscriber has moved on since (confirmed, or asked
		// again a day later).
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE subscribers SET confirm_hash = ?, confirm_sent_at = ?, updated_at = ?
			WHERE confirm_hash = ? AND status = 'pending'`), link.Hash, now, now, j.TokenHash)
		if err != nil {
			return false, err
		}
		n, err := res.RowsAffected()
		return n == 1, err
	}
	return false, fmt.Errorf("mail kind %q", j.Kind)
}

// FinishMail records the outcome of owner's send of a mail. A confirmation
// that failed for good is not counted as sent: asking again mails a new
// link at once instead of waiting out the resend interval. A row owner
// does not hold in state sending is ErrLeaseLost: nothing is overwritten.
func (s *Store) FinishMail(ctx context.Context, id int64, owner string, o Outcome) error {
	set, args, err := outcomeSet(o, s.now().UTC())
	if err != nil {
		return fmt.Errorf("FinishMail(%d): %w", id, err)
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE outbox SET `+set+` WHERE id = ? AND state = 'sending' AND lease_owner = ?`), append(args, id, owner)...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrLeaseLost
		}
		if o.State != DeliveryFailed {
			return nil
		}
		_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE subscribers SET confirm_sent_at = NULL WHERE status = 'pending'
			AND confirm_hash = (SELECT token_hash FROM outbox WHERE id = ? AND kind = 'confirm' AND token_hash <> '')`), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("FinishMail(%d): %w", id, err)
	}
	return nil
}

// ReleaseMail gives back, unsent, the mail owner claimed and has not
// started (a worker shutting down), so others need not wait out its lease.
func (s *Store) ReleaseMail(ctx context.Context, owner string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`UPDATE outbox SET state = 'queued', lease_owner = '', lease_until = NULL, updated_at = ?
			WHERE lease_owner = ? AND state = 'claimed'`), s.now().UTC(), owner)
		return err
	})
	if err != nil {
		return fmt.Errorf("ReleaseMail: %w", err)
	}
	return nil
}

// RecoverMail repairs what crashed workers left, as RecoverLeases does for
// deliveries: claimed mail whose lease expired goes back to the queue
// (nothing was sent), mail caught sending becomes unknown (it may have
// gone; a sign-in or confirmation can be asked for again).
func (s *Store) RecoverMail(ctx context.Context) (requeued, unknown int, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		requeued, unknown, err = s.recoverTx(ctx, tx, "outbox", DeliveryUnknown)
		return err
	})
	if err != nil {
		return 0, 0, fmt.Errorf("RecoverMail: %w", err)
	}
	return requeued, unknown, nil
}

// MailRow is an outbox row as tests see it.
type MailRow struct {
	ID        int64
	Kind      string
	Email     string
	State     string
	Attempts  int
	LastError string
}

// Outbox lists the outbox by id.
func (s *Store) Outbox(ctx context.Context) ([]MailRow, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, kind, email, state, attempts, last_error FROM outbox ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("Outbox: %w", err)
	}
	defer rows.Close()
	var out []MailRow
	for rows.Next() {
		var r MailRow
		if err := rows.Scan(&r.ID, &r.Kind, &r.Email, &r.State, &r.Attempts, &r.LastError); err != nil {
			return nil, fmt.Errorf("Outbox: %w", err)
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
