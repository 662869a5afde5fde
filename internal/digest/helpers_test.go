package digest_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The digest the tests send: a real Hugging Face day of 17 papers.
const (
	day      = "2026-08-21"
	baseURL  = "https://papers.example.org"
	host     = "papers.example.org"
	fromAddr = "Daily Papers <papers@example.org>"
	// asrTitle is a paper beyond the day's top 10 whose keywords mention
	// speech: the pick of a subscriber who follows "speech".
	asrTitle = "Towards Quantifying Benchmark Optimization in ASR Models"
)

// clock is a time the test moves by hand, shared by the store and the
// service so that retries and leases come due when the test says.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2026, 8, 24, 7, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *clock) Advance(d time.Duration) { c.mu.Lock(); defer c.mu.Unlock(); c.t = c.t.Add(d) }

// bounded is a context for a test's sends: a run that never finishes
// fails the test instead of hanging it.
func bounded(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// openStore opens the database of dsn, closed when the test ends; now may
// be nil for the real clock.
func openStore(t testing.TB, dsn string, now func() time.Time) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn, store.Options{Now: now})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// importDay puts the day's papers in st.
func importDay(t testing.TB, st *store.Store) {
	t.Helper()
	storetest.ImportFile(t, st, storetest.HFDay(day), importer.Options{FeedDay: day})
}

// addSubscriber makes an active daily subscriber.
func addSubscriber(t testing.TB, st *store.Store, email string, categories, keywords []string) store.Subscriber {
	t.Helper()
	ctx := context.Background()
	confirm := secret.New()
	if _, err := st.Subscribe(ctx, store.SubscribeRequest{Email: email, Frequency: store.Daily, Categories: categories,
		Keywords: keywords, Token: secret.New(), ConfirmHash: secret.Hash(confirm)}); err != nil {
		t.Fatalf("subscribe %s: %v", email, err)
	}
	sub, err := st.ConfirmSubscription(ctx, secret.Hash(confirm), "192.0.2.1")
	if err != nil {
		t.Fatalf("confirm %s: %v", email, err)
	}
	return sub
}

// addSubscribers makes n active daily subscribers reader000@example.org ...;
// every fifth follows "speech".
func addSubscribers(t testing.TB, st *store.Store, n int) []store.Subscriber {
	t.Helper()
	subs := make([]store.Subscriber, n)
	for i := range subs {
		var kws []string
		if i%5 == 0 {
			kws = []string{"speech"}
		}
		subs[i] = addSubscriber(t, st, fmt.Sprintf("reader%03d@example.org", i), nil, kws)
	}
	return subs
}

// newSender is an SMTP sender to srv.
func newSender(t testing.TB, url string) mail.Sender {
	t.Helper()
	s, err := mail.New(mail.Config{URL: url, From: fromAddr}, nil)
	if err != nil {
		t.Fatalf("mail sender: %v", err)
	}
	return s
}

// runOf returns the run of the test's day with its counts.
func runOf(t testing.TB, st *store.Store) store.Run {
	t.Helper()
	run, err := st.RunByPeriod(context.Background(), digest.Daily, day)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	return run
}

// rowsOf returns a run's deliveries by subscriber.
func rowsOf(t testing.TB, st *store.Store, runID int64) map[int64]store.DeliveryRow {
	t.Helper()
	rows, err := st.DeliveriesOf(context.Background(), runID, "")
	if err != nil {
		t.Fatalf("deliveries: %v", err)
	}
	out := make(map[int64]store.DeliveryRow, len(rows))
	for _, r := range rows {
		out[r.SubscriberID] = r
	}
	return out
}

// arrival is a digest message as the SMTP server got it, parsed.
type arrival struct {
	MessageID   string
	Subscriber  int64 // from the Message-ID
	Header      netmail.Header
	Text, HTML  string
	ContentType string
}

// parseArrival reads a message with the standard MIME parsers: a
// multipart/alternative of a text and an HTML part.
func parseArrival(t testing.TB, r mailtest.Received) arrival {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("parse message: %v", err)
	}
	a := arrival{MessageID: msg.Header.Get("Message-Id"), Header: msg.Header}
	var runID int64
	if _, err := fmt.Sscanf(strings.TrimSuffix(a.MessageID, "@"+host+">"), "<digest-%d-%d", &runID, &a.Subscriber); err != nil {
		t.Fatalf("Message-ID %q: %v", a.MessageID, err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("%s: Content-Type: %v", a.MessageID, err)
	}
	a.ContentType = mt
	if mt != "multipart/alternative" {
		return a
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: part: %v", a.MessageID, err)
		}
		body, err := io.ReadAll(p) // quoted-printable is decoded by the reader
		if err != nil {
			t.Fatalf("%s: part: %v", a.MessageID, err)
		}
		pt, _, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		switch pt {
		case "text/plain":
			a.Text = string(body)
		case "text/html":
			a.HTML = string(body)
		}
	}
	return a
}

// arrivalsBySubscriber counts the messages of a run per subscriber, by
// Message-ID, failing on a message of another run.
func arrivalsBySubscriber(t testing.TB, msgs []mailtest.Received, runID int64) map[int64]int {
	t.Helper()
	out := map[int64]int{}
	prefix := fmt.Sprintf("<digest-%d-", runID)
	for _, m := range msgs {
		a := parseArrival(t, m)
		if !strings.HasPrefix(a.MessageID, prefix) {
			t.Fatalf("a message of another run: %s", a.MessageID)
		}
		out[a.Subscriber]++
	}
	return out
}

// finalStates are the states a delivery ends in.
var finalStates = map[string]bool{store.DeliverySent: true, store.DeliveryFailed: true, store.DeliveryUnknown: true, store.DeliverySkipped: true}

// checkDelivery checks the invariants of EMAIL.md on a finished run: every
// delivery is final; no Message-ID arrived twice; every sent row arrived
// once; an arrival without a sent mark belongs to an unknown row (nothing
// arrived for a skipped or failed one). It returns the state counts.
func checkDelivery(t testing.TB, rows map[int64]store.DeliveryRow, arrived map[int64]int) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for id, r := range rows {
		counts[r.State]++
		if !finalStates[r.State] {
			t.Errorf("subscriber %d: delivery ends %s", id, r.State)
		}
		switch n := arrived[id]; {
		case n > 1:
			t.Errorf("subscriber %d (%s): %d messages arrived", id, r.State, n)
		case r.State == store.DeliverySent && n != 1:
			t.Errorf("subscriber %d: sent, but %d messages arrived", id, n)
		case n == 1 && r.State != store.DeliverySent && r.State != store.DeliveryUnknown:
			t.Errorf("subscriber %d: a message arrived for a %s delivery (%s)", id, r.State, r.LastError)
		}
	}
	for id := range arrived {
		if _, ok := rows[id]; !ok {
			t.Errorf("subscriber %d: a message arrived without a delivery", id)
		}
	}
	return counts
}
