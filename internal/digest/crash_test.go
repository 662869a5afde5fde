//go:build unix

package digest_test

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// The crash harness (EMAIL.md, "Tests that prove it"): TestCrash runs the
// test binary again as TestCrashChild, a sender process, kills it with
// SIGKILL at chosen points and at random, and starts it again until the
// run is done; then it checks that nothing was lost or sent twice.
const (
	childEnv = "DIGEST_CRASH_CHILD" // "1" in a child
	dsnEnv   = "DIGEST_CRASH_DSN"
	smtpEnv  = "DIGEST_CRASH_SMTP"
	seedEnv  = "DIGEST_CRASH_SEED"

	crashWorkers     = 3
	crashSubscribers = 200
)

// TestCrashChild is the sender process of TestCrash: it sends the day's
// digest, as `digest send` does, and exits when the run is done.
func TestCrashChild(t *testing.T) {
	if os.Getenv(childEnv) != "1" {
		t.Skip("a child process of TestCrash")
	}
	seed, err := strconv.ParseUint(os.Getenv(seedEnv), 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", seedEnv, err)
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	st, err := store.Open(ctx, os.Getenv(dsnEnv), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	svc := digest.New(st, newSender(t, os.Getenv(smtpEnv)), digest.Options{BaseURL: baseURL,
		Workers: crashWorkers, Batch: 2 + rng.IntN(8), Lease: time.Second, Rate: 100})
	if _, err := svc.Send(ctx, digest.Daily, day); err != nil {
		t.Fatal(err)
	}
}

// TestCrash: sender processes killed at any point, restarted until the
// run is done, two at once at times: every planned delivery ends final, no
// message arrives twice, every sent delivery arrived once, and what
// arrived without being marked sent is one of the few unknown deliveries
// (at most one per worker per kill).
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("starts and kills processes for a while")
	}
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		seed := uint64(time.Now().UnixNano())
		t.Logf("seed %d", seed)
		h := &harness{t: t, dsn: dsn, rng: rand.New(rand.NewPCG(seed, 1)), srv: mailtest.NewServer(t)}
		h.run()
	})
}

type harness struct {
	t     *testing.T
	dsn   string
	rng   *rand.Rand
	srv   *mailtest.Server
	kills int
	stats []string
}

// child is a running sender process.
type child struct {
	cmd    *exec.Cmd
	out    bytes.Buffer
	exited chan struct{}
}

func (h *harness) start() *child {
	h.t.Helper()
	c := &child{exited: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	c.cmd.Env = append(os.Environ(), childEnv+"=1", dsnEnv+"="+h.dsn, smtpEnv+"="+h.srv.URL(),
		seedEnv+"="+strconv.FormatUint(h.rng.Uint64(), 10))
	c.cmd.Stdout, c.cmd.Stderr = &c.out, &c.out
	if err := c.cmd.Start(); err != nil {
		h.t.Fatalf("start a sender: %v", err)
	}
	go func() { c.cmd.Wait(); close(c.exited) }()
	h.t.Cleanup(func() { c.cmd.Process.Kill(); <-c.exited })
	return c
}

// kill sends SIGKILL and counts it if the child was still running.
func (h *harness) kill(c *child, when string) {
	h.t.Helper()
	c.cmd.Process.Signal(syscall.SIGKILL)
	<-c.exited
	if ws, ok := c.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		h.kills++
		h.stats = append(h.stats, fmt.Sprintf("killed %s at %d arrivals", when, len(h.srv.Messages())))
		return
	}
	h.checkExit(c)
}

// checkExit fails the test if a child that was not killed failed.
func (h *harness) checkExit(c *child) {
	h.t.Helper()
	<-c.exited
	if !c.cmd.ProcessState.Success() {
		h.t.Fatalf("a sender failed (%v):\n%s", c.cmd.ProcessState, c.out.String())
	}
}

// untilArrivals waits until n messages have arrived at the server, or c
// exits, whichever comes first.
func (h *harness) untilArrivals(c *child, n int) {
	h.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for len(h.srv.Messages()) < n {
		select {
		case <-c.exited:
			return
		case <-time.After(time.Millisecond):
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%d messages did not arrive within 30s", n)
		}
	}
}

// killAfter kills c once n more messages have arrived.
func (h *harness) killAfter(c *child, n int) {
	h.t.Helper()
	h.untilArrivals(c, len(h.srv.Messages())+n)
	h.kill(c, fmt.Sprintf("after +%d messages", n))
}

// killAtRandom kills c at a random time below max.
func (h *harness) killAtRandom(c *child, max time.Duration) {
	h.t.Helper()
	d := time.Duration(h.rng.Int64N(int64(max)))
	select {
	case <-c.exited:
	case <-time.After(d):
	}
	h.kill(c, fmt.Sprintf("at random after %s", d.Round(time.Millisecond)))
}

func (h *harness) run() {
	t, ctx := h.t, context.Background()
	began := time.Now()
	st := openStore(t, h.dsn, nil)
	importDay(t, st)
	addSubscribers(t, st, crashSubscribers)
	bouncing := []store.Subscriber{addSubscriber(t, st, "gone1@example.org", nil, nil), addSubscriber(t, st, "gone2@example.org", nil, nil)}
	h.srv.SetFaults(mailtest.Faults{
		// A reply that comes a little after the message is recorded: a
		// kill in between leaves a delivery whose fate is unknown.
		Stall: 15 * time.Millisecond,
		Fail: func(rcpt string) error {
			if rcpt == "gone1@example.org" || rcpt == "gone2@example.org" {
				return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such user"}
			}
			return nil
		},
	})

	// While starting, planning or sending the first messages.
	h.killAtRandom(h.start(), 400*time.Millisecond)
	// Right after a message arrived: its delivery is being sent.
	h.killAfter(h.start(), 1)
	// Leaving between crashes: planned, queued, then unsubscribed.
	var leavers []int64
	all, err := st.DeliveriesOf(ctx, runOf(t, st).ID, store.DeliveryQueued)
	if err != nil {
		t.Fatal(err)
	}
	// The bouncing addresses stay: one that left would end skipped, not
	// failed, and the bounce check below would fail for the test's choice.
	queued := slices.DeleteFunc(all, func(d store.DeliveryRow) bool {
		return slices.ContainsFunc(bouncing, func(b store.Subscriber) bool { return b.ID == d.SubscriberID })
	})
	if len(queued) < 10 {
		t.Fatalf("%d queued deliveries after two kills", len(queued))
	}
	for _, i := range h.rng.Perm(len(queued))[:3] {
		if err := st.Unsubscribe(ctx, queued[i].SubscriberID, "one-click"); err != nil {
			t.Fatal(err)
		}
		leavers = append(leavers, queued[i].SubscriberID)
	}
	h.killAfter(h.start(), 20)
	h.killAtRandom(h.start(), 800*time.Millisecond)
	// Two senders at once, both killed.
	a, b := h.start(), h.start()
	h.killAfter(a, 15)
	h.killAfter(b, 10)
	h.killAfter(h.start(), 7)
	h.killAtRandom(h.start(), 600*time.Millisecond)
	// Two senders at once until the run is done.
	a, b = h.start(), h.start()
	h.checkExit(a)
	h.checkExit(b)

	run := runOf(t, st)
	if !run.Done() || run.Finished.IsZero() {
		t.Fatalf("the run is not done after the last senders: %v", run.Counts)
	}
	rows := rowsOf(t, st, run.ID)
	msgs := h.srv.Messages()
	arrived := arrivalsBySubscriber(t, msgs, run.ID)
	counts := checkDelivery(t, rows, arrived)
	if len(rows) != crashSubscribers+len(bouncing) {
		t.Errorf("%d deliveries planned for %d subscribers", len(rows), crashSubscribers+len(bouncing))
	}
	if counts[store.DeliveryUnknown] > h.kills*crashWorkers {
		t.Errorf("%d unknown deliveries after %d kills of %d workers", counts[store.DeliveryUnknown], h.kills, crashWorkers)
	}
	for _, id := range leavers {
		if r := rows[id]; r.State != store.DeliverySkipped {
			t.Errorf("subscriber %d left while queued, and the delivery ends %s", id, r.State)
		}
	}
	// A bounce's outcome is committed with the worker's next send, like
	// every outcome: a kill in between leaves it unknown, one of the
	// unknown rows counted above. It is never sent, skipped or queued.
	for _, sub := range bouncing {
		if r := rows[sub.ID]; r.State != store.DeliveryFailed && r.State != store.DeliveryUnknown {
			t.Errorf("%s bounced, and the delivery ends %s", sub.Email, r.State)
		}
		if arrived[sub.ID] != 0 {
			t.Errorf("%s bounced, and %d messages arrived", sub.Email, arrived[sub.ID])
		}
	}
	unknownArrived := 0
	for id, r := range rows {
		if r.State == store.DeliveryUnknown && arrived[id] == 1 {
			unknownArrived++
		}
	}
	for _, s := range h.stats {
		t.Log(s)
	}
	t.Logf("%d kills, %d messages, states %v, %d of the unknown arrived, %s in all",
		h.kills, len(msgs), counts, unknownArrived, time.Since(began).Round(time.Millisecond))
}
