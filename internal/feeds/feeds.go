// Package feeds serves the site's papers as RSS 2.0, Atom 1.0 and JSON Feed
// 1.1 — the latest day, any day, week or month, trending, and a search — so
// that readers can follow Daily Papers in the feed reader they already use.
package feeds

import (
	"bytes"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Options configure the feeds.
type Options struct {
	// BaseURL prefixes absolute links ("https://papers.example.org"); when
	// empty, links are derived from each request.
	BaseURL string
	// Location is the site's time zone, in which feed times are written
	// (default America/New_York).
	Location *time.Location
	// Now is the clock (default time.Now); tests fix it.
	Now func() time.Time
	// Log receives failed requests.
	Log *slog.Logger
}

// Feeds serves the feeds of one store.
type Feeds struct {
	store   *store.Store
	opts    Options
	content *template.Template
}

// New returns the feeds of st. It panics if the item template, a constant of
// this package, does not parse, so a broken template fails at start-up.
func New(st *store.Store, opts Options) *Feeds {
	if opts.Location == nil {
		loc, err := time.LoadLocation("America/New_York")
		if err != nil {
			loc = time.UTC
		}
		opts.Location = loc
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	opts.BaseURL = strings.TrimSuffix(opts.BaseURL, "/")
	return &Feeds{store: st, opts: opts, content: template.Must(template.New("content").Parse(contentHTML))}
}

// Register adds every feed route to mux.
func (f *Feeds) Register(mux *http.ServeMux) {
	mux.Handle("GET /feeds/latest/{format}", f.handle(f.latest))
	mux.Handle("GET /feeds/date/{day}/{format}", f.handle(f.period("date", "day")))
	mux.Handle("GET /feeds/week/{week}/{format}", f.handle(f.period("week", "week")))
	mux.Handle("GET /feeds/month/{month}/{format}", f.handle(f.period("month", "month")))
	mux.Handle("GET /feeds/trending/{format}", f.handle(f.trending))
	mux.Handle("GET /feeds/search/{format}", f.handle(f.search))
}

// lister selects the papers of one feed, in the order of its page.
type lister func(r *http.Request) (listing, error)

// handle serves the feed list selects in the format the path names, and
// turns errors into status codes in one place.
func (f *Feeds) handle(list lister) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := f.serve(w, r, list)
		if err == nil {
			return
		}
		code := site.Status(err)
		if code >= 500 {
			f.opts.Log.Error("feed failed", slog.String("path", r.URL.Path), slog.Any("error", err))
		}
		msg := http.StatusText(code)
		if code == http.StatusBadRequest || code == http.StatusNotFound {
			msg = err.Error()
		}
		http.Error(w, msg, code)
	})
}

func (f *Feeds) serve(w http.ResponseWriter, r *http.Request, list lister) error {
	fm, ok := formatNamed(r.PathValue("format"))
	if !ok {
		return fmt.Errorf("no feed format %q (rss, atom or json): %w", r.PathValue("format"), paper.ErrNotFound)
	}
	l, err := list(r)
	if err != nil {
		return err
	}
	ch, err := f.channel(l, fm, site.Origin(f.opts.BaseURL, r))
	if err != nil {
		return err
	}
	// Rendered in full before the first byte is sent, so that a failure
	// still becomes a 500 rather than a truncated feed.
	var buf bytes.Buffer
	if err := fm.write(&buf, ch); err != nil {
		return fmt.Errorf("write %s feed: %w", fm.name, err)
	}
	w.Header().Set("Content-Type", fm.mediaType+"; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=300")
	if l.kind == "trending" {
		site.MovesWithClock(w.Header(), f.opts.Now())
	}
	w.Write(buf.Bytes()) // an error here is the client gone; nothing to answer
	return nil
}
