// Package community holds the rules of the site's community: signing in by
// email, sessions and API tokens, submitting papers, upvotes, the
// discussion and its moderation. The pages and the API call it; it knows
// nothing of HTTP.
package community

import (
	"context"
	"log/slog"
	"runtime"
	"time"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Fetcher gets a paper the store does not have from arXiv and stores it.
type Fetcher interface {
	FetchPaper(ctx context.Context, id string) error
}

// Rules are the configurable submission rules. Curators and admins are
// exempt from them.
type Rules struct {
	// MaxAge is how old a paper's first version may be when submitted.
	MaxAge time.Duration
	// PerDay is how many papers one person may submit per feed day.
	PerDay int
}

// DefaultRules are the reference site's: two weeks, a few a day.
var DefaultRules = Rules{MaxAge: 14 * 24 * time.Hour, PerDay: 5}

// Limits are the rate limits of actions, per key (an address, an IP, an
// account).
type Limits struct {
	SigninPerAddress ratelimit.Rule
	SigninPerIP      ratelimit.Rule
	Submissions      ratelimit.Rule
	Comments         ratelimit.Rule
	Votes            ratelimit.Rule
	// Claims bounds the authorship claims one account files; zero takes
	// the default.
	Claims ratelimit.Rule
	// Saves bounds the changes one account makes to its reading list and
	// dismissals (saving, removing, notes, dismissing, undoing); zero
	// takes the default.
	Saves ratelimit.Rule
}

// DefaultLimits allow what a person does by hand and stop scripts and
// mail bombing.
var DefaultLimits = Limits{
	SigninPerAddress: ratelimit.Rule{Burst: 3, Per: 15 * time.Minute},
	SigninPerIP:      ratelimit.Rule{Burst: 10, Per: time.Hour},
	Submissions:      ratelimit.Rule{Burst: 10, Per: time.Hour},
	Comments:         ratelimit.Rule{Burst: 10, Per: 10 * time.Minute},
	Votes:            ratelimit.Rule{Burst: 120, Per: time.Minute},
	Claims:           ratelimit.Rule{Burst: 5, Per: time.Hour},
	Saves:            ratelimit.Rule{Burst: 300, Per: time.Hour},
}

// concurrentVotes bounds the votes written at once: one per CPU, so that
// 64 people upvoting leave the CPUs to the readers of the pages. It costs
// PostgreSQL throughput, which grows with commits in flight; the readers'
// latency is what the site is judged by (see docs/PERFORMANCE.md).
func concurrentVotes() int { return max(2, runtime.NumCPU()) }

// Options configure the service.
type Options struct {
	BaseURL  string // absolute links in mail start with it
	Location *time.Location
	Rules    Rules
	Limits   Limits
	// Counts keep the rate limits' counts; nil: the store, so that every
	// server on one database shares them.
	Counts ratelimit.Counts
	Now    func() time.Time
	Log    *slog.Logger
	// SubmitWait is how long a submission of a paper new here waits for
	// arXiv before it is answered "being fetched" (the fetch goes on in
	// the background); 0: 2 seconds, negative: not at all.
	SubmitWait time.Duration
	// FetchRetry is how long a fetch arXiv did not answer waits before
	// its second try, doubled for each later one; 0: 30 seconds.
	FetchRetry time.Duration
}

// Service is the community of one site. It is safe for concurrent use.
type Service struct {
	store  *store.Store
	mail   mail.Sender
	fetch  *fetchWorker // nil: papers are not fetched
	text   *usertext.Renderer
	opts   Options
	limits limiters
	// writers bounds the votes being written at once.
	writers chan struct{}
}

// limiters are the rate limits of the community, all counted in the
// database (ratelimit.Shared): they bound what one person or network may
// do, and two servers must not double them.
type limiters struct {
	signinAddr, signinIP, submit, comment, vote, claim, save ratelimit.Limit
}

// New returns the service. Zero rules and limits take the defaults.
func New(st *store.Store, sender mail.Sender, fetch Fetcher, opts Options) *Service {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Location == nil {
		opts.Location = time.UTC
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Rules == (Rules{}) {
		opts.Rules = DefaultRules
	}
	if opts.Limits == (Limits{}) {
		opts.Limits = DefaultLimits
	}
	if opts.Limits.Claims == (ratelimit.Rule{}) {
		opts.Limits.Claims = DefaultLimits.Claims
	}
	if opts.Limits.Saves == (ratelimit.Rule{}) {
		opts.Limits.Saves = DefaultLimits.Saves
	}
	if opts.Counts == nil {
		opts.Counts = st
	}
	l := opts.Limits
	shared := func(name string, rule ratelimit.Rule) ratelimit.Limit {
		return ratelimit.NewShared(opts.Counts, name, rule, opts.Now)
	}
	if opts.SubmitWait == 0 {
		opts.SubmitWait = defaultSubmitWait
	}
	if opts.FetchRetry == 0 {
		opts.FetchRetry = defaultFetchRetry
	}
	s := &Service{
		store: st, mail: sender, text: usertext.NewRenderer(), opts: opts,
		writers: make(chan struct{}, concurrentVotes()),
		limits: limiters{
			signinAddr: shared("signin-address", l.SigninPerAddress),
			signinIP:   shared("signin-network", l.SigninPerIP),
			submit:     shared("submissions", l.Submissions),
			comment:    shared("comments", l.Comments),
			vote:       shared("votes", l.Votes),
			claim:      shared("claims", l.Claims),
			save:       shared("saves", l.Saves),
		},
	}
	if fetch != nil {
		s.fetch = newFetchWorker(s, fetch)
	}
	return s
}

// Store is the store the service works on.
func (s *Service) Store() *store.Store { return s.store }

// Rules are the submission rules in force.
func (s *Service) Rules() Rules { return s.opts.Rules }

// SetFullName changes the full name the account shows.
func (s *Service) SetFullName(ctx context.Context, a store.Account, fullName string) error {
	name, err := s.fullName(ctx, fullName, a.ID)
	if err != nil {
		return err
	}
	return s.store.SetFullName(ctx, a.ID, name)
}
