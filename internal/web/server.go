// Package web serves the site: the pages of feed days, weeks and months,
// trending, search and papers, the static assets they use, and (registered
// on the same mux, behind the same middleware) the JSON API and the feeds.
package web

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/httpcache"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Options configure the site.
type Options struct {
	// BaseURL is the public URL of the site, for absolute links; empty:
	// derived from each request.
	BaseURL string
	// Location is the site's time zone, where feed days begin and end.
	Location *time.Location
	// Now tells the time; tests fix it.
	Now func() time.Time
	// Dev reloads the templates from the source tree on every request, so
	// that editing one needs no restart.
	Dev bool
	// Community runs accounts, submissions, votes and comments; nil: one
	// that only logs its mail and cannot fetch from arXiv.
	Community *community.Service
	// Digest keeps subscriptions; nil: one that only logs its mail.
	Digest *digest.Service
	// TrustedProxies are the proxies whose X-Forwarded-For and
	// X-Forwarded-Proto are believed (see site.Proxies); none: the TCP
	// peer is the client.
	TrustedProxies []netip.Prefix
}

// defaultLocation is the product's default zone; UTC only where the system
// has no zone database.
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.UTC
}

// Server is the web site of one store.
type Server struct {
	store   *store.Store
	log     *slog.Logger
	opts    Options
	assets  *assets
	pages   *pageSet
	extra   surfaces
	bufs    sync.Pool // *bytes.Buffer for rendering pages
	started time.Time // when this binary began serving: templates may have changed
	// cache keeps rendered answers while the data is unchanged; it is
	// inert until Run reads the data version (tests that never call Run
	// always render afresh).
	cache     *httpcache.Cache
	community *community.Service
	digest    *digest.Service
	forYouSvc *foryou.Service
}

// New loads the templates and the static assets (a broken template fails
// here, at start-up, not on a request) and returns the server.
func New(st *store.Store, log *slog.Logger, opts Options) (*Server, error) {
	if opts.Location == nil {
		opts.Location = defaultLocation()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	a, err := loadAssets()
	if err != nil {
		return nil, err
	}
	if opts.Community == nil {
		// Without a configured SMTP server the mail goes to the log.
		logMail, _ := mail.New(mail.Config{}, log)
		opts.Community = community.New(st, logMail, nil, community.Options{
			BaseURL: opts.BaseURL, Location: opts.Location, Now: opts.Now, Log: log})
	}
	if opts.Digest == nil {
		logMail, _ := mail.New(mail.Config{}, log)
		opts.Digest = digest.New(st, logMail, digest.Options{BaseURL: opts.BaseURL, Location: opts.Location, Now: opts.Now, Log: log})
	}
	s := &Server{store: st, log: log, opts: opts, assets: a, started: opts.Now().Truncate(time.Second),
		community: opts.Community, digest: opts.Digest, forYouSvc: foryou.New(st, opts.Location)}
	if s.pages, err = loadPages(s.funcs(), opts.Dev); err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	s.extra = newSurfaces(st, log, opts)
	s.cache = httpcache.New(st.DataVersion, httpcache.Options{Log: log, Now: opts.Now, SessionCookie: sessionCookie})
	return s, nil
}

// Run keeps the response cache fresh until ctx ends: it reads the store's
// data version every second, so a change by any process (an import, another
// server) shows within a second. Without Run nothing is cached.
func (s *Server) Run(ctx context.Context) {
	if s.opts.Dev {
		return // templates change under a developer's hands: never cache
	}
	s.cache.Watch(ctx)
}

// lastModified is when any page may last have changed: the latest of the
// last data change, this server's start (a new binary renders differently)
// and the start of today in the site's time zone (pages know what today
// is). Pages whose content moves with the clock (trending) set their own.
func (s *Server) lastModified(r *http.Request) time.Time {
	changed, err := s.store.DataChanged(r.Context())
	if err != nil {
		return time.Time{} // no validator is better than a wrong one
	}
	today := period.Today(s.opts.Now(), s.opts.Location).Start
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, s.opts.Location)
	latest := changed
	for _, t := range []time.Time{s.started, midnight} {
		if t.After(latest) {
			latest = t
		}
	}
	return latest
}

// Handler returns every route of the site behind the middleware: the
// client's address, security headers, the request log, bounded bodies, the
// cross-origin check, sessions, the response cache, conditional requests
// and compression.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /healthz", s.handle(s.healthz))
	mux.Handle("GET /static/{hash}/{name...}", http.HandlerFunc(s.static))

	mux.Handle("GET /{$}", s.handle(s.latest))
	mux.Handle("GET /papers", s.handle(s.papers)) // latest day, ?q= search, ?date= picker
	mux.Handle("GET /papers/date/{day}", s.handle(s.period))
	mux.Handle("GET /papers/week/{week}", s.handle(s.period))
	mux.Handle("GET /papers/month/{month}", s.handle(s.period))
	mux.Handle("GET /papers/week", s.handle(s.currentPeriod))
	mux.Handle("GET /papers/month", s.handle(s.currentPeriod))
	mux.Handle("GET /papers/trending", s.handle(s.trending))
	mux.Handle("GET /papers/for-you", s.handle(s.forYou))
	mux.Handle("GET /papers/for-you/{kind}/{arg}", s.handle(s.forYou))
	mux.Handle("GET /papers/{id...}", s.handle(s.paper)) // old-style ids hold a slash
	mux.Handle("GET /docs/api", s.handle(s.apiDocs))
	mux.Handle("GET /", s.handle(notFound))
	s.communityRoutes(mux)

	s.extra.register(mux)
	// The cross-origin check refuses any unsafe request another site's
	// page makes a browser send (Sec-Fetch-Site, Origin); the API is
	// exempt because it takes tokens, never cookies.
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern("/api/")
	// RFC 8058: mail providers post the one-click unsubscribe themselves.
	cop.AddInsecureBypassPattern("POST /unsubscribe/{token}")
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.errorPage(w, r, http.StatusForbidden, paper.Public(paper.ErrForbidden, "This form was sent from another site, so it was refused."))
	}))
	return site.Proxies(s.opts.TrustedProxies, securityHeaders(s.logRequests(s.limitBodies(withBudget(
		cop.Handler(s.withSession(s.cache.Middleware(conditional(compress(mux), s.lastModified)))))))))
}
