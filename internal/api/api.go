// Package api serves the JSON API compatible with the Hugging Face papers API
// (huggingface.co/api/daily_papers, /api/papers/...): the same paths,
// parameters, field names and errors, so that its clients (huggingface_hub's
// list_daily_papers and paper_info, the hf CLI, scripts and bots) work when
// pointed at this site. It also serves a paper as Markdown.
package api

import (
	"log/slog"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/foryou"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Options configure the API.
type Options struct {
	// BaseURL is the site's public origin ("https://papers.example.org"),
	// used in absolute links; empty: derived from each request.
	BaseURL string
	// Location is the site's time zone, in which feed days are counted
	// (default America/New_York).
	Location *time.Location
	// Now is the clock (default time.Now); tests fix it.
	Now func() time.Time
	// Log receives the causes of failed requests.
	Log *slog.Logger
	// Community takes the writes (submissions, votes, comments); nil: the
	// API is read-only and writes answer 404.
	Community *community.Service
	// SessionCookie names the site's session cookie, which GET
	// /api/papers/for-you accepts beside a token; empty: tokens only.
	SessionCookie string
}

// API answers the /api/ routes of one store.
type API struct {
	store     *store.Store
	opts      Options
	forYouSvc *foryou.Service
}

// New returns the API of st, with defaults for the options left empty.
func New(st *store.Store, opts Options) *API {
	if opts.Location == nil {
		opts.Location = defaultLocation()
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	opts.BaseURL = strings.TrimRight(opts.BaseURL, "/")
	return &API{store: st, opts: opts, forYouSvc: foryou.New(st, opts.Location)}
}

// defaultLocation is the product's default zone; UTC only where the system
// has no zone database (the binary's main can embed time/tzdata).
func defaultLocation() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.UTC
}
