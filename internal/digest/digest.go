// Package digest is the email digest: subscriptions with double opt-in,
// runs planned once per frequency and period with their content frozen,
// and delivery to every subscriber that loses nothing and sends nothing
// twice across crashes and concurrent senders (see EMAIL.md and the
// delivery states in the store). It knows nothing of HTTP.
package digest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/dailypapers/dailypapers/internal/digestmail"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Options configure the digest.
type Options struct {
	SiteName string // "Daily Papers"
	BaseURL  string // every link in mail starts with it
	Location *time.Location
	Now      func() time.Time
	Log      *slog.Logger

	// SendAt is the time of day, in Location, digests go out: daily ones
	// on weekdays, weekly ones on Mondays.
	SendAt time.Duration
	// Top is how many of the period's papers every digest lists.
	TopDaily, TopWeekly int
	// Workers send at once, each over its own SMTP connection.
	Workers int
	// Rate bounds the messages per second of all workers together; 0: no bound.
	Rate float64
	// Batch is how many deliveries a worker claims at once, and Lease how
	// long it holds them.
	Batch int
	Lease time.Duration
	// ResendUnknown sends again the messages whose fate is unknown after a
	// crash (the default leaves them unknown: a duplicate is worse).
	ResendUnknown bool
	// MaxAttempts is how often a temporary failure is retried.
	MaxAttempts int
	// Limits bound the subscription requests (and so the confirmation
	// mails) per network and per mailbox; zero: DefaultLimits.
	Limits Limits
	// Counts keep the limits' counts; nil: the store, which every server
	// on one database shares.
	Counts ratelimit.Counts
}

// Limits are the rate limits of subscribing.
type Limits struct {
	PerNetwork ratelimit.Rule
	PerMailbox ratelimit.Rule
}

// DefaultLimits: a household subscribes a few addresses; a mailbox gets a
// few confirmations a day, however its address is spelt.
var DefaultLimits = Limits{
	PerNetwork: ratelimit.Rule{Burst: 10, Per: time.Hour},
	PerMailbox: ratelimit.Rule{Burst: 3, Per: 24 * time.Hour},
}

func (o *Options) defaults() {
	if o.SiteName == "" {
		o.SiteName = "Daily Papers"
	}
	if o.Location == nil {
		o.Location = time.UTC
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Log == nil {
		o.Log = slog.New(slog.DiscardHandler)
	}
	if o.SendAt == 0 {
		o.SendAt = 7 * time.Hour
	}
	if o.TopDaily == 0 {
		o.TopDaily = 10
	}
	if o.TopWeekly == 0 {
		o.TopWeekly = 15
	}
	if o.Workers == 0 {
		o.Workers = 4
	}
	if o.Batch == 0 {
		o.Batch = 50
	}
	if o.Lease == 0 {
		o.Lease = 2 * time.Minute
	}
	if o.MaxAttempts == 0 {
		o.MaxAttempts = 6
	}
	if o.Limits == (Limits{}) {
		o.Limits = DefaultLimits
	}
}

// Service plans and sends digests and keeps subscriptions.
type Service struct {
	store *store.Store
	mail  mail.Sender
	opts  Options
	// owner names this process in the leases it takes.
	owner    string
	pace     *pacer
	domains  domains
	composer *digestmail.Composer // keeps the run's papers rendered
	// perNetwork and perMailbox limit subscription requests, counted in
	// the database so that servers share them.
	perNetwork, perMailbox ratelimit.Limit
}

// New returns the digest service.
func New(st *store.Store, sender mail.Sender, opts Options) *Service {
	opts.defaults()
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	counts := opts.Counts
	if counts == nil {
		counts = st
	}
	return &Service{store: st, mail: sender, opts: opts,
		owner: fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b)),
		pace:  newPacer(opts.Rate), composer: digestmail.NewComposer(),
		perNetwork: ratelimit.NewShared(counts, "subscribe-network", opts.Limits.PerNetwork, opts.Now),
		perMailbox: ratelimit.NewShared(counts, "subscribe-mailbox", opts.Limits.PerMailbox, opts.Now)}
}

// ErrConfig marks a configuration no digest can be mailed with (a missing
// or unusable base URL). It stops planning and sending; it never fails a
// delivery, which stays queued for a run with the right configuration.
var ErrConfig = errors.New("digest configuration")

// CheckConfig reports whether digests can be mailed with the service's
// configuration: links in mail need the site's absolute public URL.
func (s *Service) CheckConfig() error {
	if err := digestmail.CheckBaseURL(s.opts.BaseURL); err != nil {
		return fmt.Errorf("%w: links in mail start with the site's public URL; set --base-url or DAILYPAPERS_BASE_URL "+
			"(https://..., http only for localhost): %w", ErrConfig, err)
	}
	return nil
}

// Store is the store the service works on.
func (s *Service) Store() *store.Store { return s.store }

// Frequencies.
const (
	Daily  = store.Daily
	Weekly = store.Weekly
)

// ValidFrequency reports whether f is daily or weekly.
func ValidFrequency(f string) bool { return f == Daily || f == Weekly }

// recoverLeases repairs what a crashed sender left, and logs it.
func (s *Service) recoverLeases(ctx context.Context) error {
	requeued, unknown, err := s.store.RecoverLeases(ctx, s.opts.ResendUnknown)
	if err != nil {
		return err
	}
	if requeued+unknown > 0 {
		s.opts.Log.Warn("recovered deliveries of a stopped sender", "requeued", requeued, "unknown", unknown)
	}
	return nil
}
