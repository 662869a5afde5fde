package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The conformance tests of the email digest: subscribers, suppressions,
// runs, and the delivery state machine that EMAIL.md's "Delivery without
// loss or duplicates" asks for. Every name starts with TestDigest, so
// `-run TestDigest` selects them all.

var digestStart = time.Date(2026, 11, 27, 6, 0, 0, 0, time.UTC)

// clock is a store clock that moves only when told.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// openClocked opens a store whose clock starts at digestStart.
func openClocked(t *testing.T, dsn string) (*store.Store, *clock) {
	t.Helper()
	c := &clock{t: digestStart}
	s, err := store.Open(context.Background(), dsn, store.Options{Now: c.Now})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, c
}

// sameTime compares instants, whatever location the driver gives them.
var sameTime = cmp.Comparer(func(a, b time.Time) bool { return a.Equal(b) })

// rawDB opens the test's database without the store, to read what the
// store does not return (how an address unsubscribed, who holds a lease)
// and to load thousands of subscribers in a few statements.
func rawDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	kind, target, err := store.ParseDSN(dsn)
	if err != nil {
		t.Fatal(err)
	}
	var db *sql.DB
	if kind == "postgres" {
		db, err = sql.Open("pgx", target)
	} else {
		db, err = sql.Open("sqlite", "file:"+target+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// rawString returns the one text value query selects; query carries its
// own (trusted) values, so it needs no placeholders of either dialect.
func rawString(t *testing.T, db *sql.DB, query string) string {
	t.Helper()
	var v sql.NullString
	if err := db.QueryRow(query).Scan(&v); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return v.String
}

// bulkSubscribers inserts n active subscribers of a frequency at once,
// named prefix00000@example.org and on, with the category cs.LG.
func bulkSubscribers(t *testing.T, db *sql.DB, prefix string, n int, frequency string) {
	t.Helper()
	const at = "'2026-11-27 06:00:00+00:00'"
	for start := 0; start < n; start += 500 {
		var values []string
		for i := start; i < min(n, start+500); i++ {
			values = append(values, fmt.Sprintf(`('%s%05d@example.org', 'active', '%s', '["cs.LG"]', 'tok-%s%05d', %s, %s, %s)`,
				prefix, i, frequency, prefix, i, at, at, at))
		}
		_, err := db.Exec(`INSERT INTO subscribers (email, status, frequency, categories, token, consent_at, created_at, updated_at) VALUES ` +
			strings.Join(values, ", "))
		if err != nil {
			t.Fatalf("insert subscribers: %v", err)
		}
	}
}

// mustSubscriber makes an active subscriber through the double opt-in, as
// the site does.
func mustSubscriber(t *testing.T, s *store.Store, email, frequency string, categories ...string) store.Subscriber {
	t.Helper()
	ctx := context.Background()
	_, err := s.Subscribe(ctx, store.SubscribeRequest{Email: email, Frequency: frequency, Categories: categories,
		Token: "tok-" + email, ConfirmHash: "hash-" + email})
	if err != nil {
		t.Fatalf("Subscribe(%s): %v", email, err)
	}
	sub, err := s.ConfirmSubscription(ctx, "hash-"+email, "192.0.2.1")
	if err != nil {
		t.Fatalf("ConfirmSubscription(%s): %v", email, err)
	}
	return sub
}

// mustPlannedRun creates and plans a run whose picks are each subscriber's topics.
func mustPlannedRun(t *testing.T, s *store.Store, frequency, period string) store.Run {
	t.Helper()
	ctx := context.Background()
	run, err := s.CreateRun(ctx, frequency, period, []byte(`{"papers":[]}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.PlanDeliveries(ctx, run, store.Subscriber.Topics); err != nil {
		t.Fatalf("PlanDeliveries: %v", err)
	}
	return run
}

func mustClaim(t *testing.T, s *store.Store, runID int64, owner string, n int, leaseUntil time.Time) []store.Delivery {
	t.Helper()
	ds, err := s.ClaimDeliveries(context.Background(), runID, owner, n, leaseUntil)
	if err != nil {
		t.Fatalf("ClaimDeliveries(%s): %v", owner, err)
	}
	return ds
}

func mustMarkSending(t *testing.T, s *store.Store, runID, subID int64, owner string, leaseUntil time.Time) {
	t.Helper()
	if err := s.MarkSending(context.Background(), runID, subID, owner, leaseUntil); err != nil {
		t.Fatalf("MarkSending(%d, %s): %v", subID, owner, err)
	}
}

// deliveries returns the rows of a run by subscriber id.
func deliveries(t *testing.T, s *store.Store, runID int64) map[int64]store.DeliveryRow {
	t.Helper()
	rows, err := s.DeliveriesOf(context.Background(), runID, "")
	if err != nil {
		t.Fatal(err)
	}
	out := map[int64]store.DeliveryRow{}
	for _, r := range rows {
		out[r.SubscriberID] = r
	}
	return out
}

// states returns the state of each delivery of a run, by address.
func states(t *testing.T, s *store.Store, runID int64) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, r := range deliveries(t, s, runID) {
		out[r.Email] = r.State
	}
	return out
}

func claimedIDs(ds []store.Delivery) []int64 {
	var ids []int64
	for _, d := range ds {
		ids = append(ids, d.Subscriber.ID)
	}
	slices.Sort(ids)
	return ids
}

func TestDigestSubscribe(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		subscribe := func(step string, req store.SubscribeRequest, want bool) store.Subscriber {
			t.Helper()
			req.ResendAfter = time.Hour
			got, err := s.Subscribe(ctx, req)
			if err != nil {
				t.Fatalf("%s: Subscribe: %v", step, err)
			}
			if got != want {
				t.Errorf("%s: sendConfirmation = %v, want %v", step, got, want)
			}
			sub, err := s.SubscriberByEmail(ctx, "ada@example.com")
			if err != nil {
				t.Fatalf("%s: SubscriberByEmail: %v", step, err)
			}
			return sub
		}
		unchanged := func(step string, want, got store.Subscriber) {
			t.Helper()
			if diff := cmp.Diff(want, got, sameTime); diff != "" {
				t.Errorf("%s: subscriber changed (-before +after):\n%s", step, diff)
			}
		}
		confirmable := func(step, hash string, want bool) {
			t.Helper()
			_, err := s.ConfirmSubscription(ctx, hash, "192.0.2.9")
			if got := err == nil; got != want || (err != nil && !errors.Is(err, paper.ErrNotFound)) {
				t.Errorf("%s: ConfirmSubscription(%s) = %v, want confirmable %v", step, hash, err, want)
			}
		}

		first := subscribe("new address", store.SubscribeRequest{Email: "Ada@Example.COM", Frequency: store.Daily,
			Categories: []string{"cs.LG"}, Keywords: []string{"diffusion"}, Token: "tok-ada", ConfirmHash: "hash-1"}, true)
		want := store.Subscriber{ID: first.ID, Email: "ada@example.com", Status: store.SubPending, Frequency: store.Daily,
			Categories: []string{"cs.LG"}, Keywords: []string{"diffusion"}, Token: "tok-ada", CreatedAt: digestStart, ConfirmSentAt: digestStart}
		if diff := cmp.Diff(want, first, sameTime); diff != "" {
			t.Errorf("new address (-want +got):\n%s", diff)
		}

		clk.Advance(30 * time.Minute)
		again := subscribe("pending, within ResendAfter", store.SubscribeRequest{Email: "ADA@example.com", Frequency: store.Weekly,
			Categories: []string{"cs.CL"}, Token: "tok-other", ConfirmHash: "hash-2"}, false)
		unchanged("pending, within ResendAfter", first, again)
		confirmable("pending, within ResendAfter", "hash-2", false)

		clk.Advance(31 * time.Minute)
		resent := subscribe("pending, after ResendAfter", store.SubscribeRequest{Email: "ada@example.com", Frequency: store.Weekly,
			Categories: []string{"cs.CL"}, Token: "tok-other", ConfirmHash: "hash-3"}, true)
		want.Frequency, want.Categories, want.Keywords, want.ConfirmSentAt = store.Weekly, []string{"cs.CL"}, []string{}, clk.Now()
		if diff := cmp.Diff(want, resent, sameTime); diff != "" {
			t.Errorf("pending, after ResendAfter (-want +got):\n%s", diff)
		}
		confirmable("pending, after ResendAfter", "hash-3", true)
		active, err := s.SubscriberByID(ctx, first.ID)
		if err != nil {
			t.Fatal(err)
		}

		clk.Advance(2 * time.Hour)
		anon := subscribe("active", store.SubscribeRequest{Email: "ada@example.com", Frequency: store.Daily,
			Categories: []string{"hep-th"}, Keywords: []string{"strings"}, Token: "tok-x", ConfirmHash: "hash-4"}, false)
		unchanged("active", active, anon)
		confirmable("active", "hash-4", false)

		if err := s.Unsubscribe(ctx, first.ID, "one-click"); err != nil {
			t.Fatal(err)
		}
		back := subscribe("unsubscribed", store.SubscribeRequest{Email: "ada@example.com", Frequency: store.Daily,
			Keywords: []string{"agents"}, Token: "tok-y", ConfirmHash: "hash-5"}, true)
		if back.Status != store.SubPending || back.Frequency != store.Daily || !cmp.Equal(back.Keywords, []string{"agents"}) ||
			len(back.Categories) != 0 || back.Token != "tok-ada" || !back.ConfirmSentAt.Equal(clk.Now()) {
			t.Errorf("unsubscribed and back = %+v, want pending, daily, [agents], the first token, a new confirmation time", back)
		}
		confirmable("unsubscribed and back", "hash-5", true)
	})
}

// TestDigestSubscribeConcurrent: requests for the same new address at once
// make one subscriber and one confirmation mail, whose link works.
func TestDigestSubscribeConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		const n = 5
		send := make([]bool, n)
		errs := race(t, s, n, func(i int) (err error) {
			send[i], err = s.Subscribe(ctx, store.SubscribeRequest{Email: "same@example.com", Frequency: store.Daily,
				Token: fmt.Sprintf("tok-%d", i), ConfirmHash: fmt.Sprintf("hash-%d", i), ResendAfter: time.Hour})
			return err
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		winner := slices.Index(send, true)
		if winner < 0 || slices.Index(send[winner+1:], true) >= 0 {
			t.Fatalf("sendConfirmation = %v, want exactly one true", send)
		}
		sub, err := s.ConfirmSubscription(ctx, fmt.Sprintf("hash-%d", winner), "192.0.2.1")
		if err != nil || sub.Token != fmt.Sprintf("tok-%d", winner) {
			t.Errorf("ConfirmSubscription(the mailed link) = %+v, %v; want the winner's subscriber", sub, err)
		}
	})
}

func TestDigestConfirm(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		if _, err := s.Subscribe(ctx, store.SubscribeRequest{Email: "bob@example.com", Frequency: store.Daily, Token: "tok-bob", ConfirmHash: "hash-bob"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(10 * time.Minute)
		consentAt := clk.Now()
		sub, err := s.ConfirmSubscription(ctx, "hash-bob", "198.51.100.7")
		if err != nil {
			t.Fatal(err)
		}
		if sub.Status != store.SubActive || !sub.ConsentAt.Equal(consentAt) || sub.ConsentIP != "198.51.100.7" {
			t.Errorf("ConfirmSubscription = %+v, want active, consent at %v from 198.51.100.7", sub, consentAt)
		}

		clk.Advance(time.Hour)
		twice, err := s.ConfirmSubscription(ctx, "hash-bob", "203.0.113.1")
		if err != nil {
			t.Fatalf("confirming twice: %v", err)
		}
		if diff := cmp.Diff(sub, twice, sameTime); diff != "" {
			t.Errorf("confirming twice changed the subscriber (-first +second):\n%s", diff)
		}
		if _, err := s.ConfirmSubscription(ctx, "no-such-hash", "192.0.2.1"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("ConfirmSubscription(unknown) = %v, want paper.ErrNotFound", err)
		}
	})
}

func TestDigestSubscriberLookups(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		ada := mustSubscriber(t, s, "ada@example.com", store.Daily, "cs.LG")
		mustSubscriber(t, s, "bob@example.com", store.Weekly)

		lookups := map[string]func() (store.Subscriber, error){
			"SubscriberByToken":          func() (store.Subscriber, error) { return s.SubscriberByToken(ctx, "tok-ada@example.com") },
			"SubscriberByEmail":          func() (store.Subscriber, error) { return s.SubscriberByEmail(ctx, "ada@example.com") },
			"SubscriberByEmail, in caps": func() (store.Subscriber, error) { return s.SubscriberByEmail(ctx, "ADA@Example.com") },
			"SubscriberByID":             func() (store.Subscriber, error) { return s.SubscriberByID(ctx, ada.ID) },
		}
		for name, get := range lookups {
			got, err := get()
			if err != nil {
				t.Errorf("%s: %v", name, err)
				continue
			}
			if diff := cmp.Diff(ada, got, sameTime); diff != "" {
				t.Errorf("%s (-want +got):\n%s", name, diff)
			}
		}
		missing := map[string]func() (store.Subscriber, error){
			"SubscriberByToken": func() (store.Subscriber, error) { return s.SubscriberByToken(ctx, "nope") },
			"SubscriberByEmail": func() (store.Subscriber, error) { return s.SubscriberByEmail(ctx, "nobody@example.com") },
			"SubscriberByID":    func() (store.Subscriber, error) { return s.SubscriberByID(ctx, 999999) },
		}
		for name, get := range missing {
			if _, err := get(); !errors.Is(err, paper.ErrNotFound) {
				t.Errorf("%s(unknown) = %v, want paper.ErrNotFound", name, err)
			}
		}

		if err := s.UpdateSubscription(ctx, ada.ID, store.Weekly, []string{"cs.CL", "stat.ML"}, []string{"rlhf"}); err != nil {
			t.Fatal(err)
		}
		got, err := s.SubscriberByID(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := ada
		want.Frequency, want.Categories, want.Keywords = store.Weekly, []string{"cs.CL", "stat.ML"}, []string{"rlhf"}
		if diff := cmp.Diff(want, got, sameTime); diff != "" {
			t.Errorf("after UpdateSubscription (-want +got):\n%s", diff)
		}
		if diff := cmp.Diff([]string{"cs.CL", "stat.ML", "rlhf"}, got.Topics()); diff != "" {
			t.Errorf("Topics (-want +got):\n%s", diff)
		}
		if err := s.UpdateSubscription(ctx, 999999, store.Daily, nil, nil); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("UpdateSubscription(unknown) = %v, want paper.ErrNotFound", err)
		}

		acct := mustAccount(t, s, "ada")
		if err := s.LinkSubscriber(ctx, ada.ID, acct.ID); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.SubscriberByID(ctx, ada.ID); got.UserID != acct.ID {
			t.Errorf("after LinkSubscriber, UserID = %d, want %d", got.UserID, acct.ID)
		}
	})
}

func TestDigestUnsubscribe(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		db := rawDB(t, dsn)
		ada := mustSubscriber(t, s, "ada@example.com", store.Daily)
		column := func(expr string) string {
			t.Helper()
			return rawString(t, db, fmt.Sprintf(`SELECT %s FROM subscribers WHERE id = %d`, expr, ada.ID))
		}
		const via, at = "unsubscribed_via", "CAST(unsubscribed_at AS TEXT)"

		clk.Advance(time.Hour)
		if err := s.Unsubscribe(ctx, ada.ID, "one-click"); err != nil {
			t.Fatal(err)
		}
		firstAt := column(at)
		clk.Advance(time.Hour)
		if err := s.Unsubscribe(ctx, ada.ID, "settings"); err != nil {
			t.Fatalf("unsubscribing twice: %v", err)
		}
		got, err := s.SubscriberByID(ctx, ada.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != store.SubUnsubscribed {
			t.Errorf("Status = %q, want unsubscribed", got.Status)
		}
		if got := column(via); got != "one-click" {
			t.Errorf("unsubscribed_via = %q, want the first, one-click", got)
		}
		if got := column(at); got != firstAt || got == "" {
			t.Errorf("unsubscribed_at = %q, want the first, %q", got, firstAt)
		}
		if err := s.Unsubscribe(ctx, 999999, "admin"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("Unsubscribe(unknown) = %v, want paper.ErrNotFound", err)
		}

		// Coming back through the double opt-in clears the record of leaving.
		if _, err := s.Subscribe(ctx, store.SubscribeRequest{Email: "ada@example.com", Frequency: store.Daily, Token: "t", ConfirmHash: "again"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ConfirmSubscription(ctx, "again", "192.0.2.1"); err != nil {
			t.Fatal(err)
		}
		if v, a := column(via), column(at); v != "" || a != "" {
			t.Errorf("after confirming again: unsubscribed_via %q, unsubscribed_at %q; want both cleared", v, a)
		}
	})
}

func TestDigestSuppress(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		ada := mustSubscriber(t, s, "ada@example.com", store.Daily)
		bob := mustSubscriber(t, s, "bob@example.com", store.Daily)
		suppressed := func(id int64) string {
			t.Helper()
			sub, err := s.SubscriberByID(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			return sub.Suppressed
		}

		if err := s.Suppress(ctx, "ADA@Example.com", "bounce", "550 5.1.1 no such user"); err != nil {
			t.Fatal(err)
		}
		if err := s.Suppress(ctx, "ada@example.com", "admin", "twice"); err != nil {
			t.Fatalf("suppressing twice: %v", err)
		}
		if got := suppressed(ada.ID); got != "bounce" {
			t.Errorf("Suppressed = %q, want the first reason, bounce", got)
		}
		if got := suppressed(bob.ID); got != "" {
			t.Errorf("another address: Suppressed = %q, want none", got)
		}
		if err := s.Unsuppress(ctx, "Ada@example.com"); err != nil {
			t.Fatal(err)
		}
		if got := suppressed(ada.ID); got != "" {
			t.Errorf("after Unsuppress: Suppressed = %q, want none", got)
		}
		if err := s.Unsuppress(ctx, "ada@example.com"); err != nil {
			t.Errorf("Unsuppress twice: %v", err)
		}

		// An address suppressed before it subscribes is suppressed once it does.
		if err := s.Suppress(ctx, "eve@example.com", "admin", ""); err != nil {
			t.Fatal(err)
		}
		if eve := mustSubscriber(t, s, "eve@example.com", store.Daily); eve.Suppressed != "admin" {
			t.Errorf("subscribed after suppression: Suppressed = %q, want admin", eve.Suppressed)
		}
	})
}

func TestDigestSubscribersSearch(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		for _, e := range []string{"x_y@example.org", "xzy@example.org", "x%y@example.org", "xqqy@example.org"} {
			mustSubscriber(t, s, e, store.Daily)
		}
		if _, err := s.Subscribe(ctx, store.SubscribeRequest{Email: "pending@example.org", Frequency: store.Daily, Token: "tp", ConfirmHash: "hp"}); err != nil {
			t.Fatal(err)
		}
		all := []string{"pending@example.org", "x%y@example.org", "x_y@example.org", "xqqy@example.org", "xzy@example.org"}
		search := func(q store.SubscriberQuery) ([]string, int) {
			t.Helper()
			subs, total, err := s.Subscribers(ctx, q)
			if err != nil {
				t.Fatalf("Subscribers(%+v): %v", q, err)
			}
			var emails []string
			for _, sub := range subs {
				emails = append(emails, sub.Email)
			}
			return emails, total
		}
		tests := []struct {
			q    store.SubscriberQuery
			want []string
		}{
			{store.SubscriberQuery{Search: "_"}, []string{"x_y@example.org"}},
			{store.SubscriberQuery{Search: "%"}, []string{"x%y@example.org"}},
			{store.SubscriberQuery{Search: "x_y"}, []string{"x_y@example.org"}},
			{store.SubscriberQuery{Search: "x%y"}, []string{"x%y@example.org"}},
			{store.SubscriberQuery{Search: "XZY"}, []string{"xzy@example.org"}},
			{store.SubscriberQuery{Search: "nobody"}, nil},
			{store.SubscriberQuery{Status: store.SubPending}, []string{"pending@example.org"}},
			{store.SubscriberQuery{Search: "x", Status: store.SubActive}, all[1:]},
			{store.SubscriberQuery{}, all},
		}
		for _, tt := range tests {
			got, total := search(tt.q)
			// Sorted here: the databases' collations may order punctuation differently.
			slices.Sort(got)
			if diff := cmp.Diff(tt.want, got); diff != "" || total != len(tt.want) {
				t.Errorf("Subscribers(%+v): total %d, want %d; (-want +got):\n%s", tt.q, total, len(tt.want), diff)
			}
		}

		// Pages of two cover the list once, in its order, each with the full total.
		whole, _ := search(store.SubscriberQuery{})
		var paged []string
		for off := 0; off < 6; off += 2 {
			page, total := search(store.SubscriberQuery{Limit: 2, Offset: off})
			if total != 5 || len(page) > 2 {
				t.Errorf("page at %d: %d rows, total %d; want at most 2, total 5", off, len(page), total)
			}
			paged = append(paged, page...)
		}
		if diff := cmp.Diff(whole, paged); diff != "" {
			t.Errorf("pages (-whole +paged):\n%s", diff)
		}
	})
}

func TestDigestEachSubscriber(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		var want []int64
		for _, e := range []string{"carol@example.com", "ada@example.com", "bob@example.com"} {
			want = append(want, mustSubscriber(t, s, e, store.Daily).ID)
		}
		var got []int64
		if err := s.EachSubscriber(ctx, func(sub store.Subscriber) error {
			got = append(got, sub.ID)
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("EachSubscriber order (-want +got):\n%s", diff)
		}
		stop := errors.New("stop")
		calls := 0
		err := s.EachSubscriber(ctx, func(store.Subscriber) error { calls++; return stop })
		if !errors.Is(err, stop) || calls != 1 {
			t.Errorf("EachSubscriber with a failing fn = %v after %d calls, want stop after 1", err, calls)
		}
	})
}

func TestDigestCreateRun(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		if _, err := s.RunByPeriod(ctx, store.Daily, "2026-11-27"); !errors.Is(err, paper.ErrNotFound) {
			t.Errorf("RunByPeriod before CreateRun = %v, want paper.ErrNotFound", err)
		}
		first, err := s.CreateRun(ctx, store.Daily, "2026-11-27", []byte(`{"v":1}`))
		if err != nil {
			t.Fatal(err)
		}
		if first.ID == 0 || string(first.Papers) != `{"v":1}` || !first.PlannedAt.Equal(digestStart) || first.Planned || !first.Finished.IsZero() || first.Paused {
			t.Errorf("CreateRun = %+v, want a new unplanned run with its content", first)
		}
		clk.Advance(time.Hour)
		second, err := s.CreateRun(ctx, store.Daily, "2026-11-27", []byte(`{"v":2}`))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(first, second, sameTime); diff != "" {
			t.Errorf("CreateRun again (-first +second):\n%s", diff)
		}
		got, err := s.RunByPeriod(ctx, store.Daily, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != first.ID || string(got.Papers) != `{"v":1}` || len(got.Counts) != 0 {
			t.Errorf("RunByPeriod = %+v, want run %d with the first content and no deliveries", got, first.ID)
		}
		weekly, err := s.CreateRun(ctx, store.Weekly, "2026-W48", []byte(`{}`))
		if err != nil || weekly.ID == first.ID {
			t.Errorf("CreateRun(weekly) = %+v, %v; want another run", weekly, err)
		}

		const n = 5
		runs := make([]store.Run, n)
		errs := race(t, s, n, func(i int) (err error) {
			runs[i], err = s.CreateRun(ctx, store.Daily, "2026-11-30", fmt.Appendf(nil, `{"v":%d}`, i))
			return err
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		stored, err := s.RunByPeriod(ctx, store.Daily, "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		for i, r := range runs {
			if r.ID != stored.ID || string(r.Papers) != string(stored.Papers) {
				t.Errorf("concurrent CreateRun %d = run %d %s, want run %d %s", i, r.ID, r.Papers, stored.ID, stored.Papers)
			}
		}
	})
}

func TestDigestPlanDeliveries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		a := mustSubscriber(t, s, "a@example.com", store.Daily, "cs.LG")
		b := mustSubscriber(t, s, "b@example.com", store.Daily, "cs.CL")
		if err := s.UpdateSubscription(ctx, b.ID, store.Daily, []string{"cs.CL"}, []string{"rlhf"}); err != nil {
			t.Fatal(err)
		}
		c := mustSubscriber(t, s, "c@example.com", store.Daily)
		if _, err := s.Subscribe(ctx, store.SubscribeRequest{Email: "pending@example.com", Frequency: store.Daily, Token: "tp", ConfirmHash: "hp"}); err != nil {
			t.Fatal(err)
		}
		u := mustSubscriber(t, s, "unsubscribed@example.com", store.Daily)
		if err := s.Unsubscribe(ctx, u.ID, "link"); err != nil {
			t.Fatal(err)
		}
		mustSubscriber(t, s, "suppressed@example.com", store.Daily)
		if err := s.Suppress(ctx, "suppressed@example.com", "bounce", ""); err != nil {
			t.Fatal(err)
		}
		mustSubscriber(t, s, "weekly@example.com", store.Weekly)

		run, err := s.CreateRun(ctx, store.Daily, "2026-11-27", []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		picks := map[int64][]string{a.ID: {"cs.LG"}, b.ID: {"rlhf", "cs.CL"}, c.ID: nil}
		var asked []string
		n, err := s.PlanDeliveries(ctx, run, func(sub store.Subscriber) []string {
			asked = append(asked, sub.Email)
			return picks[sub.ID]
		})
		if err != nil {
			t.Fatal(err)
		}
		wantStates := map[string]string{"a@example.com": "queued", "b@example.com": "queued", "c@example.com": "queued"}
		if diff := cmp.Diff(wantStates, states(t, s, run.ID)); diff != "" || n != 3 {
			t.Errorf("PlanDeliveries inserted %d, want 3; deliveries (-want +got):\n%s", n, diff)
		}
		if diff := cmp.Diff([]string{"a@example.com", "b@example.com", "c@example.com"}, asked); diff != "" {
			t.Errorf("picks asked for (-want +got):\n%s", diff)
		}
		got, err := s.RunByPeriod(ctx, store.Daily, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		if !got.Planned || !cmp.Equal(got.Counts, map[string]int{store.DeliveryQueued: 3}) || got.Done() {
			t.Errorf("planned run = %+v, want planned, 3 queued, not done", got)
		}

		if n, err := s.PlanDeliveries(ctx, run, store.Subscriber.Topics); err != nil || n != 0 {
			t.Errorf("planning again = %d, %v; want 0 inserted", n, err)
		}
		// Someone confirming after planning is added by the next planning, alone.
		d := mustSubscriber(t, s, "d@example.com", store.Daily, "math.AG")
		if n, err := s.PlanDeliveries(ctx, run, store.Subscriber.Topics); err != nil || n != 1 {
			t.Errorf("planning after a new subscriber = %d, %v; want 1 inserted", n, err)
		}
		if rows := deliveries(t, s, run.ID); len(rows) != 4 || rows[d.ID].State != store.DeliveryQueued {
			t.Errorf("deliveries after the third planning = %+v, want a, b, c and d", rows)
		}

		// The picks are frozen in the rows, and the weekly run has its own.
		gotPicks := map[int64][]string{}
		for _, dl := range mustClaim(t, s, run.ID, "w", 10, digestStart.Add(time.Minute)) {
			gotPicks[dl.Subscriber.ID] = dl.Picks
		}
		picks[d.ID] = []string{"math.AG"}
		if diff := cmp.Diff(picks, gotPicks, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("picks (-want +got):\n%s", diff)
		}
		weekly := mustPlannedRun(t, s, store.Weekly, "2026-W48")
		if diff := cmp.Diff(map[string]string{"weekly@example.com": "queued"}, states(t, s, weekly.ID)); diff != "" {
			t.Errorf("weekly run (-want +got):\n%s", diff)
		}
	})
}

// TestDigestPlanConcurrent: two servers planning the same run at once
// insert each delivery once.
func TestDigestPlanConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		bulkSubscribers(t, rawDB(t, dsn), "sub", 2500, store.Daily)
		run, err := s.CreateRun(ctx, store.Daily, "2026-11-27", []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		const planners = 3
		inserted := make([]int, planners)
		errs := race(t, s, planners, func(i int) (err error) {
			inserted[i], err = s.PlanDeliveries(ctx, run, store.Subscriber.Topics)
			return err
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		rows, err := s.DeliveriesOf(ctx, run.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		total := inserted[0] + inserted[1] + inserted[2]
		if len(rows) != 2500 || total != 2500 {
			t.Errorf("concurrent planning: %d rows, inserted %v (sum %d); want 2500 of each", len(rows), inserted, total)
		}
	})
}

// TestDigestPlanLarge plans more subscribers than one planning page holds.
func TestDigestPlanLarge(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		db := rawDB(t, dsn)
		bulkSubscribers(t, db, "daily", 5000, store.Daily)
		bulkSubscribers(t, db, "weekly", 30, store.Weekly)
		run, err := s.CreateRun(ctx, store.Daily, "2026-11-27", []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		n, err := s.PlanDeliveries(ctx, run, store.Subscriber.Topics)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.RunByPeriod(ctx, store.Daily, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		if n != 5000 || got.Counts[store.DeliveryQueued] != 5000 || len(got.Counts) != 1 || !got.Planned {
			t.Errorf("PlanDeliveries = %d; run %+v; want 5000 queued, planned", n, got)
		}
		last, err := s.SubscriberByEmail(ctx, "daily04999@example.org")
		if err != nil {
			t.Fatal(err)
		}
		if row, ok := deliveries(t, s, run.ID)[last.ID]; !ok || row.State != store.DeliveryQueued {
			t.Errorf("the last subscriber's delivery = %+v, %v; want queued", row, ok)
		}
	})
}

func TestDigestClaim(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		subs := map[int64]store.Subscriber{}
		for i := range 10 {
			sub := mustSubscriber(t, s, fmt.Sprintf("s%d@example.com", i), store.Daily, fmt.Sprintf("cat.%d", i))
			subs[sub.ID] = sub
		}
		yesterday := mustPlannedRun(t, s, store.Daily, "2026-11-26")
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		lease := digestStart.Add(time.Minute)

		// One delivery is retried later: not due until an hour from now.
		retry := mustClaim(t, s, run.ID, "setup", 1, lease)[0].Subscriber.ID
		mustMarkSending(t, s, run.ID, retry, "setup", lease)
		if err := s.FinishDelivery(ctx, run.ID, retry, "setup", store.Outcome{State: store.DeliveryQueued, Error: "421", RetryAt: clk.Now().Add(time.Hour)}); err != nil {
			t.Fatal(err)
		}

		seen := map[int64]bool{}
		first := mustClaim(t, s, run.ID, "a", 4, lease)
		if len(first) != 4 {
			t.Fatalf("ClaimDeliveries(n=4) = %d deliveries, want 4", len(first))
		}
		rest := mustClaim(t, s, run.ID, "a", 100, lease)
		if len(rest) != 5 {
			t.Errorf("ClaimDeliveries(n=100) = %d deliveries, want the other 5 due", len(rest))
		}
		for _, d := range append(first, rest...) {
			want := store.Delivery{RunID: run.ID, Subscriber: subs[d.Subscriber.ID], Picks: subs[d.Subscriber.ID].Categories}
			if diff := cmp.Diff(want, d, sameTime); diff != "" || d.Subscriber.Email == "" || d.Subscriber.Token == "" {
				t.Errorf("claimed delivery (-want +got):\n%s", diff)
			}
			if seen[d.Subscriber.ID] || d.Subscriber.ID == retry {
				t.Errorf("subscriber %d claimed twice, or before it was due", d.Subscriber.ID)
			}
			seen[d.Subscriber.ID] = true
		}
		if again := mustClaim(t, s, run.ID, "b", 100, lease); len(again) != 0 {
			t.Errorf("claiming with nothing due = %d deliveries, want none", len(again))
		}
		if rows, _ := s.DeliveriesOf(ctx, yesterday.ID, store.DeliveryQueued); len(rows) != 10 {
			t.Errorf("the other run's queued deliveries = %d, want all 10 untouched", len(rows))
		}
		if rows, _ := s.DeliveriesOf(ctx, run.ID, store.DeliveryClaimed); len(rows) != 9 {
			t.Errorf("claimed deliveries = %d, want 9", len(rows))
		}

		clk.Advance(time.Hour)
		late := mustClaim(t, s, run.ID, "b", 100, clk.Now().Add(time.Minute))
		if len(late) != 1 || late[0].Subscriber.ID != retry || late[0].Attempts != 1 {
			t.Errorf("claiming once the retry is due = %+v, want subscriber %d with 1 attempt", late, retry)
		}
	})
}

// TestDigestClaimConcurrent: workers claiming at once never get the same
// subscriber, and together get every one.
func TestDigestClaimConcurrent(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		db := rawDB(t, dsn)
		bulkSubscribers(t, db, "sub", 100, store.Daily)
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")

		const workers, batch = 10, 7
		got := make([][]store.Delivery, workers)
		errs := race(t, s, workers, func(i int) error {
			for {
				ds, err := s.ClaimDeliveries(ctx, run.ID, fmt.Sprintf("worker-%d", i), batch, digestStart.Add(time.Minute))
				if err != nil {
					return err
				}
				if len(ds) > batch {
					return fmt.Errorf("claimed %d, more than %d", len(ds), batch)
				}
				if len(ds) == 0 {
					return nil
				}
				got[i] = append(got[i], ds...)
			}
		})
		if err := errors.Join(errs...); err != nil {
			t.Fatal(err)
		}
		owner := map[int64]int{}
		for i, ds := range got {
			for _, d := range ds {
				if prev, ok := owner[d.Subscriber.ID]; ok {
					t.Errorf("subscriber %d claimed by worker-%d and worker-%d", d.Subscriber.ID, prev, i)
				}
				owner[d.Subscriber.ID] = i
				held := rawString(t, db, fmt.Sprintf(`SELECT lease_owner FROM deliveries WHERE run_id = %d AND subscriber_id = %d`, run.ID, d.Subscriber.ID))
				if held != fmt.Sprintf("worker-%d", i) {
					t.Errorf("subscriber %d returned to worker-%d but held by %q", d.Subscriber.ID, i, held)
				}
			}
		}
		if rows, _ := s.DeliveriesOf(ctx, run.ID, store.DeliveryClaimed); len(owner) != 100 || len(rows) != 100 {
			t.Errorf("claimed %d subscribers, %d rows claimed; want all 100", len(owner), len(rows))
		}
	})
}

func TestDigestMarkSending(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, _ := openClocked(t, dsn)
		a := mustSubscriber(t, s, "a@example.com", store.Daily)
		b := mustSubscriber(t, s, "b@example.com", store.Daily)
		c := mustSubscriber(t, s, "c@example.com", store.Daily)
		d := mustSubscriber(t, s, "d@example.com", store.Daily)
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		lease := digestStart.Add(time.Minute)
		mustClaim(t, s, run.ID, "w1", 10, lease)
		e := mustSubscriber(t, s, "e@example.com", store.Daily)
		mustPlannedRun(t, s, store.Daily, "2026-11-27") // e is planned, queued, unclaimed

		if err := s.Unsubscribe(ctx, b.ID, "one-click"); err != nil {
			t.Fatal(err)
		}
		if err := s.Suppress(ctx, c.Email, "bounce", ""); err != nil {
			t.Fatal(err)
		}
		if err := s.Unsubscribe(ctx, d.ID, "one-click"); err != nil {
			t.Fatal(err)
		}
		steps := []struct {
			name  string
			sub   int64
			owner string
			want  error
		}{
			{"another owner", a.ID, "w2", store.ErrLeaseLost},
			{"the owner", a.ID, "w1", nil},
			{"the owner again, once sending", a.ID, "w1", store.ErrLeaseLost},
			{"unsubscribed after the claim", b.ID, "w1", store.ErrSkipped},
			{"suppressed after the claim", c.ID, "w1", store.ErrSkipped},
			{"unsubscribed, asked by another owner", d.ID, "w2", store.ErrLeaseLost},
			{"queued, never claimed", e.ID, "w1", store.ErrLeaseLost},
		}
		for _, st := range steps {
			err := s.MarkSending(ctx, run.ID, st.sub, st.owner, lease)
			if (st.want == nil && err != nil) || !errors.Is(err, st.want) {
				t.Errorf("%s: MarkSending = %v, want %v", st.name, err, st.want)
			}
		}
		want := map[string]string{"a@example.com": "sending", "b@example.com": "skipped", "c@example.com": "skipped",
			"d@example.com": "claimed", "e@example.com": "queued"}
		if diff := cmp.Diff(want, states(t, s, run.ID)); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
	})
}

func TestDigestFinishDelivery(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		ids := map[string]int64{}
		for _, name := range []string{"sent", "failed", "unknown", "retry", "claimed"} {
			ids[name] = mustSubscriber(t, s, name+"@example.com", store.Daily).ID
		}
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		lease := digestStart.Add(time.Minute)
		mustClaim(t, s, run.ID, "w1", 10, lease)
		for name, id := range ids {
			if name != "claimed" {
				mustMarkSending(t, s, run.ID, id, "w1", lease)
			}
		}
		clk.Advance(10 * time.Second)
		finishedAt := clk.Now()

		steps := []struct {
			name, sub, owner string
			o                store.Outcome
			want             error
		}{
			{"another owner", "sent", "w2", store.Outcome{State: store.DeliverySent}, store.ErrLeaseLost},
			{"not a final state", "sent", "w1", store.Outcome{State: store.DeliverySkipped}, nil},
			{"sent", "sent", "w1", store.Outcome{State: store.DeliverySent}, nil},
			{"sent twice", "sent", "w1", store.Outcome{State: store.DeliverySent}, store.ErrLeaseLost},
			{"failed", "failed", "w1", store.Outcome{State: store.DeliveryFailed, Error: "550 5.1.1 no such user"}, nil},
			{"unknown", "unknown", "w1", store.Outcome{State: store.DeliveryUnknown, Error: "EOF after DATA"}, nil},
			{"retry", "retry", "w1", store.Outcome{State: store.DeliveryQueued, Error: "421 try later", RetryAt: finishedAt.Add(10 * time.Minute)}, nil},
			{"claimed, not sending", "claimed", "w1", store.Outcome{State: store.DeliverySent}, store.ErrLeaseLost},
		}
		for _, st := range steps {
			err := s.FinishDelivery(ctx, run.ID, ids[st.sub], st.owner, st.o)
			switch {
			case st.name == "not a final state":
				if err == nil || errors.Is(err, store.ErrLeaseLost) {
					t.Errorf("%s: FinishDelivery = %v, want a refusal", st.name, err)
				}
			case (st.want == nil && err != nil) || !errors.Is(err, st.want):
				t.Errorf("%s: FinishDelivery = %v, want %v", st.name, err, st.want)
			}
		}
		want := map[int64]store.DeliveryRow{
			ids["sent"]:    {SubscriberID: ids["sent"], Email: "sent@example.com", State: "sent", Attempts: 1, SentAt: finishedAt},
			ids["failed"]:  {SubscriberID: ids["failed"], Email: "failed@example.com", State: "failed", Attempts: 1, LastError: "550 5.1.1 no such user"},
			ids["unknown"]: {SubscriberID: ids["unknown"], Email: "unknown@example.com", State: "unknown", Attempts: 1, LastError: "EOF after DATA"},
			ids["retry"]:   {SubscriberID: ids["retry"], Email: "retry@example.com", State: "queued", Attempts: 1, LastError: "421 try later"},
			ids["claimed"]: {SubscriberID: ids["claimed"], Email: "claimed@example.com", State: "claimed"},
		}
		if diff := cmp.Diff(want, deliveries(t, s, run.ID), sameTime); diff != "" {
			t.Errorf("deliveries (-want +got):\n%s", diff)
		}

		// The retry is not claimable before its time.
		clk.Advance(9 * time.Minute)
		if ds := mustClaim(t, s, run.ID, "w2", 10, clk.Now().Add(time.Minute)); len(ds) != 0 {
			t.Errorf("claim before RetryAt = %d deliveries, want none", len(ds))
		}
		clk.Advance(2 * time.Minute)
		ds := mustClaim(t, s, run.ID, "w2", 10, clk.Now().Add(time.Minute))
		if len(ds) != 1 || ds[0].Subscriber.ID != ids["retry"] || ds[0].Attempts != 1 {
			t.Fatalf("claim after RetryAt = %+v, want the retry with 1 attempt", ds)
		}
		mustMarkSending(t, s, run.ID, ids["retry"], "w2", clk.Now().Add(time.Minute))
		if err := s.FinishDelivery(ctx, run.ID, ids["retry"], "w2", store.Outcome{State: store.DeliverySent}); err != nil {
			t.Fatal(err)
		}
		if got := deliveries(t, s, run.ID)[ids["retry"]]; got.State != "sent" || got.Attempts != 2 || got.LastError != "" {
			t.Errorf("retry after sending = %+v, want sent, 2 attempts, no error", got)
		}
	})
}

func TestDigestReleaseDeliveries(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		for i := range 6 {
			mustSubscriber(t, s, fmt.Sprintf("s%d@example.com", i), store.Daily)
		}
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		lease := digestStart.Add(time.Hour)
		mine := claimedIDs(mustClaim(t, s, run.ID, "w1", 4, lease))
		theirs := claimedIDs(mustClaim(t, s, run.ID, "w2", 2, lease))
		mustMarkSending(t, s, run.ID, mine[0], "w1", lease)

		if err := s.ReleaseDeliveries(ctx, run.ID, "w1", append(slices.Clone(mine), theirs[0]), clk.Now().Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if err := s.ReleaseDeliveries(ctx, run.ID, "w1", nil, clk.Now()); err != nil {
			t.Errorf("releasing nothing: %v", err)
		}
		rows := deliveries(t, s, run.ID)
		want := map[int64]string{mine[0]: "sending", mine[1]: "queued", mine[2]: "queued", mine[3]: "queued", theirs[0]: "claimed", theirs[1]: "claimed"}
		for id, state := range want {
			if rows[id].State != state {
				t.Errorf("subscriber %d after release: %s, want %s", id, rows[id].State, state)
			}
		}
		if ds := mustClaim(t, s, run.ID, "w3", 10, lease); len(ds) != 0 {
			t.Errorf("claim before the release's retry time = %d deliveries, want none", len(ds))
		}
		clk.Advance(5 * time.Minute)
		if got := claimedIDs(mustClaim(t, s, run.ID, "w3", 10, lease)); !cmp.Equal(got, mine[1:]) {
			t.Errorf("claim after the release's retry time = %v, want %v", got, mine[1:])
		}
	})
}

func TestDigestRecoverLeases(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		for i := range 6 {
			mustSubscriber(t, s, fmt.Sprintf("s%d@example.com", i), store.Daily)
		}
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		short, long := digestStart.Add(time.Minute), digestStart.Add(10*time.Minute)
		crashed := claimedIDs(mustClaim(t, s, run.ID, "crashed", 3, short))
		alive := claimedIDs(mustClaim(t, s, run.ID, "alive", 2, long))
		alive = append(alive, claimedIDs(mustClaim(t, s, run.ID, "alive", 1, short))...)
		mustMarkSending(t, s, run.ID, crashed[2], "crashed", short)
		mustMarkSending(t, s, run.ID, alive[2], "alive", long) // marking sending moves the lease on

		clk.Advance(2 * time.Minute)
		requeued, unknown, err := s.RecoverLeases(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		if requeued != 2 || unknown != 1 {
			t.Errorf("RecoverLeases = %d requeued, %d unknown; want 2, 1", requeued, unknown)
		}
		rows := deliveries(t, s, run.ID)
		want := map[int64]string{crashed[0]: "queued", crashed[1]: "queued", crashed[2]: "unknown",
			alive[0]: "claimed", alive[1]: "claimed", alive[2]: "sending"}
		for id, state := range want {
			if rows[id].State != state {
				t.Errorf("subscriber %d after recovery: %s, want %s", id, rows[id].State, state)
			}
		}
		if rows[crashed[2]].LastError == "" {
			t.Errorf("the unknown row has no error to say why")
		}
		if r, u, err := s.RecoverLeases(ctx, false); r != 0 || u != 0 || err != nil {
			t.Errorf("RecoverLeases again = %d, %d, %v; want nothing to do", r, u, err)
		}

		// The crashed worker comes back to rows another worker now holds:
		// it cannot send them, nor overwrite what happened to them.
		if got := claimedIDs(mustClaim(t, s, run.ID, "new", 10, clk.Now().Add(time.Minute))); !cmp.Equal(got, crashed[:2]) {
			t.Fatalf("re-claim of the recovered rows = %v, want %v", got, crashed[:2])
		}
		if err := s.MarkSending(ctx, run.ID, crashed[0], "crashed", clk.Now().Add(time.Minute)); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("MarkSending by the worker that lost the row = %v, want ErrLeaseLost", err)
		}
		if err := s.FinishDelivery(ctx, run.ID, crashed[2], "crashed", store.Outcome{State: store.DeliverySent}); !errors.Is(err, store.ErrLeaseLost) {
			t.Errorf("FinishDelivery of a recovered sending row = %v, want ErrLeaseLost", err)
		}
		mustMarkSending(t, s, run.ID, crashed[0], "new", clk.Now().Add(time.Minute))
		if err := s.FinishDelivery(ctx, run.ID, alive[2], "alive", store.Outcome{State: store.DeliverySent}); err != nil {
			t.Errorf("the live worker's FinishDelivery: %v", err)
		}
	})
}

// TestDigestRecoverLeasesResend: with resend, a send that may have gone is
// queued again instead of marked unknown.
func TestDigestRecoverLeasesResend(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		mustSubscriber(t, s, "a@example.com", store.Daily)
		mustSubscriber(t, s, "b@example.com", store.Daily)
		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		ids := claimedIDs(mustClaim(t, s, run.ID, "crashed", 2, digestStart.Add(time.Minute)))
		mustMarkSending(t, s, run.ID, ids[1], "crashed", digestStart.Add(time.Minute))
		clk.Advance(2 * time.Minute)
		requeued, unknown, err := s.RecoverLeases(ctx, true)
		if err != nil || requeued != 2 || unknown != 0 {
			t.Errorf("RecoverLeases(resend) = %d, %d, %v; want 2 requeued, 0 unknown", requeued, unknown, err)
		}
		if diff := cmp.Diff(map[string]string{"a@example.com": "queued", "b@example.com": "queued"}, states(t, s, run.ID)); diff != "" {
			t.Errorf("states (-want +got):\n%s", diff)
		}
		if got := claimedIDs(mustClaim(t, s, run.ID, "new", 10, clk.Now().Add(time.Minute))); !cmp.Equal(got, ids) {
			t.Errorf("re-claim = %v, want %v", got, ids)
		}
	})
}

func TestDigestFinishRun(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s, clk := openClocked(t, dsn)
		finish := func(step string, runID int64, want bool) {
			t.Helper()
			done, err := s.FinishRun(ctx, runID)
			if err != nil || done != want {
				t.Errorf("%s: FinishRun = %v, %v; want %v", step, done, err, want)
			}
		}

		empty := mustPlannedRun(t, s, store.Weekly, "2026-W47")
		finish("planned, no subscribers", empty.ID, true)

		ids := map[string]int64{}
		for _, name := range []string{"sent", "failed", "unknown", "skipped", "last"} {
			ids[name] = mustSubscriber(t, s, name+"@example.com", store.Daily).ID
		}
		unplanned, err := s.CreateRun(ctx, store.Daily, "2026-11-26", []byte(`{}`))
		if err != nil {
			t.Fatal(err)
		}
		finish("not planned", unplanned.ID, false)

		run := mustPlannedRun(t, s, store.Daily, "2026-11-27")
		lease := digestStart.Add(time.Hour)
		finish("queued", run.ID, false)
		mustClaim(t, s, run.ID, "w", 10, lease)
		finish("claimed", run.ID, false)
		if err := s.Unsubscribe(ctx, ids["skipped"], "link"); err != nil {
			t.Fatal(err)
		}
		for name, id := range ids {
			err := s.MarkSending(ctx, run.ID, id, "w", lease)
			if (name == "skipped") != errors.Is(err, store.ErrSkipped) || (name != "skipped" && err != nil) {
				t.Fatalf("MarkSending(%s) = %v", name, err)
			}
		}
		finish("sending", run.ID, false)
		for name, state := range map[string]string{"sent": store.DeliverySent, "failed": store.DeliveryFailed, "unknown": store.DeliveryUnknown} {
			if err := s.FinishDelivery(ctx, run.ID, ids[name], "w", store.Outcome{State: state}); err != nil {
				t.Fatal(err)
			}
		}
		finish("one still sending", run.ID, false)
		if err := s.FinishDelivery(ctx, run.ID, ids["last"], "w", store.Outcome{State: store.DeliverySent}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		finishedAt := clk.Now()
		finish("all final", run.ID, true)
		clk.Advance(time.Minute)
		finish("finishing again", run.ID, true)

		got, err := s.RunByPeriod(ctx, store.Daily, "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		wantCounts := map[string]int{"sent": 2, "failed": 1, "unknown": 1, "skipped": 1}
		if !got.Finished.Equal(finishedAt) || !got.Done() || !cmp.Equal(got.Counts, wantCounts) {
			t.Errorf("finished run = %+v, want finished at %v, done, counts %v", got, finishedAt, wantCounts)
		}
		if _, err := s.FinishRun(ctx, 999999); err == nil {
			t.Errorf("FinishRun(unknown run) = nil error")
		}

		open, err := s.OpenRuns(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(open) != 1 || open[0].ID != unplanned.ID {
			t.Errorf("OpenRuns = %+v, want only the unplanned run", open)
		}
		runs, err := s.Runs(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		var order []int64
		for _, r := range runs {
			order = append(order, r.ID)
		}
		if !cmp.Equal(order, []int64{run.ID, unplanned.ID, empty.ID}) || !cmp.Equal(runs[0].Counts, wantCounts) || len(runs[2].Counts) != 0 {
			t.Errorf("Runs = %+v, want newest first with counts", runs)
		}
		if runs, err := s.Runs(ctx, 1); err != nil || len(runs) != 1 {
			t.Errorf("Runs(1) = %d runs, %v", len(runs), err)
		}

		for _, paused := range []bool{true, false} {
			if err := s.PauseRun(ctx, unplanned.ID, paused); err != nil {
				t.Fatal(err)
			}
			r, err := s.RunByPeriod(ctx, store.Daily, "2026-11-26")
			if err != nil || r.Paused != paused {
				t.Errorf("after PauseRun(%v): Paused = %v, %v", paused, r.Paused, err)
			}
		}
	})
}
