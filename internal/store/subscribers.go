package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Subscription states.
const (
	SubPending      = "pending"
	SubActive       = "active"
	SubUnsubscribed = "unsubscribed"
)

// Digest frequencies.
const (
	Daily  = "daily"
	Weekly = "weekly"
)

// Subscriber is an address that asked for the digest.
type Subscriber struct {
	ID         int64
	Email      string
	UserID     int64 // 0: not linked to an account
	Status     string
	Frequency  string
	Categories []string // arXiv categories, e.g. cs.LG
	Keywords   []string
	Token      string // the secret of the preferences and unsubscribe links
	ConsentAt  time.Time
	ConsentIP  string
	CreatedAt  time.Time
	// ConfirmSentAt is when the last double opt-in mail went out.
	ConfirmSentAt time.Time
	Suppressed    string // the reason, when the address is suppressed
}

// Topics are the categories and keywords together, as a digest names them.
func (s Subscriber) Topics() []string {
	return append(append([]string{}, s.Categories...), s.Keywords...)
}

const subscriberColumns = `s.id, s.email, COALESCE(s.user_id, 0), s.status, s.frequency, s.categories, s.keywords, s.token,
	s.consent_at, s.consent_ip, s.created_at, s.confirm_sent_at, COALESCE(x.reason, '')`

const subscriberFrom = ` FROM subscribers s LEFT JOIN suppressions x ON x.email = s.email`

func scanSubscriber(sc scanner) (Subscriber, error) {
	var sub Subscriber
	var cats, kws string
	var consent, confirmSent sql.NullTime
	err := sc.Scan(&sub.ID, &sub.Email, &sub.UserID, &sub.Status, &sub.Frequency, &cats, &kws, &sub.Token,
		&consent, &sub.ConsentIP, &sub.CreatedAt, &confirmSent, &sub.Suppressed)
	if err != nil {
		return sub, err
	}
	sub.ConsentAt, sub.ConfirmSentAt = consent.Time, confirmSent.Time
	if err := json.Unmarshal([]byte(cats), &sub.Categories); err != nil {
		return sub, fmt.Errorf("subscriber %d categories: %w", sub.ID, err)
	}
	if err := json.Unmarshal([]byte(kws), &sub.Keywords); err != nil {
		return sub, fmt.Errorf("subscriber %d keywords: %w", sub.ID, err)
	}
	return sub, nil
}

func (s *Store) subscriber(ctx context.Context, op, where string, args ...any) (Subscriber, error) {
	sub, err := scanSubscriber(s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+subscriberColumns+subscriberFrom+` WHERE `+where), args...))
	if errors.Is(err, sql.ErrNoRows) {
		return sub, fmt.Errorf("%s: %w", op, paper.ErrNotFound)
	}
	if err != nil {
		return sub, fmt.Errorf("%s: %w", op, err)
	}
	return sub, nil
}

// SubscriberByToken returns the subscriber of a preferences link.
func (s *Store) SubscriberByToken(ctx context.Context, token string) (Subscriber, error) {
	return s.subscriber(ctx, "SubscriberByToken", `s.token = ?`, token)
}

// SubscriberByEmail returns the subscriber with the address.
func (s *Store) SubscriberByEmail(ctx context.Context, email string) (Subscriber, error) {
	return s.subscriber(ctx, "SubscriberByEmail", `s.email = ?`, strings.ToLower(email))
}

// SubscriberByID returns a subscriber.
func (s *Store) SubscriberByID(ctx context.Context, id int64) (Subscriber, error) {
	return s.subscriber(ctx, "SubscriberByID", `s.id = ?`, id)
}

// SubscribeRequest is what a subscribe form asks for.
type SubscribeRequest struct {
	Email       string
	Frequency   string
	Categories  []string
	Keywords    []string
	UserID      int64
	Token       string // a new preferences token, used if the address is new
	ConfirmHash string // the hash of a new double opt-in link
	// ResendAfter: a pending address gets a new confirmation only when the
	// last one is older than this.
	ResendAfter time.Duration
}

// Subscribe records a subscription request. It reports whether a
// confirmation mail should go out with the request's link: for a new
// address, a returning one, or a pending one whose last mail is old. An
// active address changes nothing and gets no mail: the answer to the
// requester is the same either way.
func (s *Store) Subscribe(ctx context.Context, req SubscribeRequest) (sendConfirmation bool, err error) {
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		sendConfirmation, err = s.subscribeTx(ctx, tx, req)
		return err
	})
	if err != nil {
		return false, fmt.Errorf("Subscribe: %w", err)
	}
	return sendConfirmation, nil
}

// subscribeTx is Subscribe inside a transaction its caller holds (the
// outbox worker records the request together with the start of its mail).
func (s *Store) subscribeTx(ctx context.Context, tx *sql.Tx, req SubscribeRequest) (sendConfirmation bool, err error) {
	email := strings.ToLower(req.Email)
	cats, err := marshalList(req.Categories)
	if err != nil {
		return false, err
	}
	kws, err := marshalList(req.Keywords)
	if err != nil {
		return false, err
	}
	now := s.now().UTC()
	var uid sql.NullInt64
	if req.UserID != 0 {
		uid = sql.NullInt64{Int64: req.UserID, Valid: true}
	}
	var status string
	var sent sql.NullTime
	err = tx.QueryRowContext(ctx, s.d.rebind(`SELECT status, confirm_sent_at FROM subscribers WHERE email = ?`), email).Scan(&status, &sent)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		res, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO subscribers (email, user_id, status, frequency, categories, keywords, token,
			confirm_hash, confirm_sent_at, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (email) DO NOTHING`), email, uid, req.Frequency, cats, kws, req.Token, req.ConfirmHash, now, now, now)
		if err != nil {
			return false, err
		}
		// A concurrent request for the same new address inserted it
		// first: its link is the one stored, so only its mail goes out.
		n, err := res.RowsAffected()
		return n == 1, err
	case err != nil:
		return false, err
	case status == SubActive:
		return false, nil
	case status == SubPending && sent.Valid && now.Sub(sent.Time) < req.ResendAfter:
		return false, nil
	}
	// Pending with an old link, or unsubscribed and back: a new link,
	// and the choices of this request.
	_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE subscribers SET status = 'pending', frequency = ?, categories = ?, keywords = ?,
		confirm_hash = ?, confirm_sent_at = ?, updated_at = ?, user_id = COALESCE(user_id, ?) WHERE email = ?`),
		req.Frequency, cats, kws, req.ConfirmHash, now, now, uid, email)
	return err == nil, err
}

// ConfirmSubscription activates the subscription of a double opt-in link
// and records when and from where consent was given. Confirming twice is
// fine; an unknown link is paper.ErrNotFound.
func (s *Store) ConfirmSubscription(ctx context.Context, confirmHash, ip string) (Subscriber, error) {
	var id int64
	now := s.now().UTC()
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var status string
		err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT id, status FROM subscribers WHERE confirm_hash = ?`), confirmHash).Scan(&id, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return paper.ErrNotFound
		}
		if err != nil || status == SubActive {
			return err
		}
		_, err = tx.ExecContext(ctx, s.d.rebind(`UPDATE subscribers SET status = 'active', consent_at = ?, consent_ip = ?, updated_at = ?,
			unsubscribed_at = NULL, unsubscribed_via = '' WHERE id = ?`), now, ip, now, id)
		return err
	})
	if err != nil {
		return Subscriber{}, fmt.Errorf("ConfirmSubscription: %w", err)
	}
	return s.SubscriberByID(ctx, id)
}

// UpdateSubscription changes the frequency and topics of a subscriber.
func (s *Store) UpdateSubscription(ctx context.Context, id int64, frequency string, categories, keywords []string) error {
	cats, err := marshalList(categories)
	if err != nil {
		return err
	}
	kws, err := marshalList(keywords)
	if err != nil {
		return err
	}
	return s.updateRows(ctx, "UpdateSubscription", notOnPages, `UPDATE subscribers SET frequency = ?, categories = ?, keywords = ?, updated_at = ? WHERE id = ?`,
		frequency, cats, kws, s.now().UTC(), id)
}

// Unsubscribe ends a subscription at once; doing it again changes
// nothing. via says how (one-click, link, settings, admin).
func (s *Store) Unsubscribe(ctx context.Context, id int64, via string) error {
	now := s.now().UTC()
	return s.updateRows(ctx, "Unsubscribe", notOnPages, `UPDATE subscribers SET status = 'unsubscribed', unsubscribed_at = COALESCE(unsubscribed_at, ?),
		unsubscribed_via = CASE WHEN status = 'unsubscribed' THEN unsubscribed_via ELSE ? END, updated_at = ? WHERE id = ?`, now, via, now, id)
}

// LinkSubscriber ties a subscription to the account with the same address.
func (s *Store) LinkSubscriber(ctx context.Context, id, userID int64) error {
	return s.updateRows(ctx, "LinkSubscriber", notOnPages, `UPDATE subscribers SET user_id = ? WHERE id = ?`, userID, id)
}

// SubscriberQuery selects subscribers for the admin pages.
type SubscriberQuery struct {
	Search string // part of the address
	Status string // empty: any
	Limit  int
	Offset int
}

// Subscribers lists subscribers by address, and how many match in all.
func (s *Store) Subscribers(ctx context.Context, q SubscriberQuery) ([]Subscriber, int, error) {
	where, args := `WHERE s.email LIKE ? ESCAPE '\'`, []any{"%" + escapeLike(strings.ToLower(q.Search)) + "%"}
	if q.Status != "" {
		where, args = where+` AND s.status = ?`, append(args, q.Status)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM subscribers s `+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("Subscribers: %w", err)
	}
	query := `SELECT ` + subscriberColumns + subscriberFrom + ` ` + where + ` ORDER BY s.email`
	if q.Limit > 0 {
		query += fmt.Sprintf(` LIMIT %d OFFSET %d`, q.Limit, max(0, q.Offset))
	}
	out, err := s.scanSubscribers(ctx, query, args...)
	return out, total, err
}

// EachSubscriber calls fn with every subscriber, by id, for exports. It
// reads a page at a time and calls fn with no connection held: fn may write
// to a slow client, or use the store itself.
func (s *Store) EachSubscriber(ctx context.Context, fn func(Subscriber) error) error {
	var after int64
	for {
		subs, err := s.scanSubscribers(ctx, `SELECT `+subscriberColumns+subscriberFrom+` WHERE s.id > ? ORDER BY s.id LIMIT `+fmt.Sprint(eachPage), after)
		if err != nil {
			return fmt.Errorf("EachSubscriber: %w", err)
		}
		for _, sub := range subs {
			if err := fn(sub); err != nil {
				return err
			}
		}
		if len(subs) < eachPage {
			return nil
		}
		after = subs[len(subs)-1].ID
	}
}

// eachPage is how many subscribers EachSubscriber reads at a time.
const eachPage = 500

func (s *Store) scanSubscribers(ctx context.Context, query string, args ...any) ([]Subscriber, error) {
	rows, err := s.r.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, fmt.Errorf("subscribers: %w", err)
	}
	defer rows.Close()
	var out []Subscriber
	for rows.Next() {
		sub, err := scanSubscriber(rows)
		if err != nil {
			return nil, fmt.Errorf("subscribers: %w", err)
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Suppress stops all mail to an address (a hard bounce, an admin's
// decision); suppressing twice keeps the first reason.
func (s *Store) Suppress(ctx context.Context, email, reason, detail string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO suppressions (email, reason, detail, created_at) VALUES (?, ?, ?, ?)
			ON CONFLICT (email) DO NOTHING`), strings.ToLower(email), reason, detail, s.now().UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("Suppress: %w", err)
	}
	return nil
}

// Unsuppress lets mail go to an address again.
func (s *Store) Unsuppress(ctx context.Context, email string) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, s.d.rebind(`DELETE FROM suppressions WHERE email = ?`), strings.ToLower(email))
		return err
	})
	if err != nil {
		return fmt.Errorf("Unsuppress: %w", err)
	}
	return nil
}
