// Package arxiv talks to arXiv over HTTP: the search API
// (export.arxiv.org/api/query) to fetch papers by identifier, and OAI-PMH
// (export.arxiv.org/oai2) to harvest whole sets incrementally. It keeps to
// arXiv's terms of use: one connection, at most one request every few
// seconds, a User-Agent that says who is asking, and patient retries when
// arXiv asks clients to back off.
package arxiv

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultAPIURL      = "https://export.arxiv.org/api/query"
	DefaultOAIURL      = "https://export.arxiv.org/oai2"
	DefaultMinInterval = 3 * time.Second
	DefaultMaxRetries  = 5
	DefaultContact     = "self-hosted"
	defaultVersion     = "dev"
	projectURL         = "https://github.com/dailypapers/dailypapers"
)

// Config configures a Client. Zero fields take the defaults above.
type Config struct {
	APIURL string
	OAIURL string
	// UserAgent replaces the whole User-Agent header. When empty it is
	// "dailypapers/<Version> (+<project URL>; <Contact>)".
	UserAgent string
	// Version is the Daily Papers version named in the default User-Agent.
	Version string
	// Contact tells arXiv whom to reach about this instance, such as
	// "mailto:admin@example.org"; the default says only "self-hosted".
	Contact string
	// MinInterval is the least time between the starts of two requests.
	MinInterval time.Duration
	// MaxRetries is how many times a failed request is retried; a negative
	// value means never retry.
	MaxRetries int
	Logger     *slog.Logger
	// HTTPClient defaults to a client that opens one connection at a time.
	HTTPClient *http.Client
}

// Client is an arXiv HTTP client. It is safe for concurrent use; requests
// from concurrent callers are serialised and paced together.
type Client struct {
	apiURL     string
	oaiURL     string
	userAgent  string
	maxRetries int
	log        *slog.Logger
	http       *http.Client
	pace       *pacer

	// now and sleep are the clock; tests replace them so that nothing
	// really waits.
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

// New returns a Client configured by cfg.
func New(cfg Config) *Client {
	c := &Client{
		apiURL:     orDefault(cfg.APIURL, DefaultAPIURL),
		oaiURL:     orDefault(cfg.OAIURL, DefaultOAIURL),
		userAgent:  cfg.UserAgent,
		maxRetries: cfg.MaxRetries,
		log:        cfg.Logger,
		http:       cfg.HTTPClient,
		now:        time.Now,
		sleep:      sleepContext,
	}
	if c.userAgent == "" {
		c.userAgent = fmt.Sprintf("dailypapers/%s (+%s; %s)",
			orDefault(cfg.Version, defaultVersion), projectURL, orDefault(cfg.Contact, DefaultContact))
	}
	switch {
	case c.maxRetries == 0:
		c.maxRetries = DefaultMaxRetries
	case c.maxRetries < 0:
		c.maxRetries = 0
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.http == nil {
		c.http = newHTTPClient()
	}
	interval := cfg.MinInterval
	if interval <= 0 {
		interval = DefaultMinInterval
	}
	c.pace = newPacer(interval)
	return c
}

// newHTTPClient returns a client whose transport keeps to one connection,
// as arXiv asks. The timeout bounds a stalled transfer; a full OAI page is a
// few megabytes.
func newHTTPClient() *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = 1
	t.MaxIdleConnsPerHost = 1
	t.ResponseHeaderTimeout = time.Minute
	return &http.Client{Transport: t, Timeout: 5 * time.Minute}
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// sleepContext waits for d or until ctx is done, whichever comes first.
func sleepContext(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
