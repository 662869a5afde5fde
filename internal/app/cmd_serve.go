package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/outbox"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/sampledata"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/web"
)

type serveOptions struct {
	demo     bool
	dev      bool
	noDigest bool
}

func serveFlags(fs *flag.FlagSet, a *invocation) {
	fs.BoolVar(&a.serve.demo, "demo", false, "load the sample days shipped in the binary when the database has no feed entries")
	fs.BoolVar(&a.serve.noDigest, "no-digest", false, "do not plan or send email digests (another process does)")
	fs.BoolVar(&a.serve.dev, "dev", false, "development: reload templates from internal/web/templates on every request, cache nothing")
}

// shutdownGrace is how long requests in flight get to finish on shutdown.
const shutdownGrace = 10 * time.Second

func runServe(ctx context.Context, a *invocation) error {
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	if a.serve.demo {
		if err := loadSample(ctx, a, s); err != nil {
			return err
		}
		// The sample is small: its vectors are ready before the first
		// page view, which shows similar papers.
		if _, err := backfillVectors(ctx, s, a.log); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", a.cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", a.cfg.Addr, err)
	}
	// Sign-in links need an absolute URL; without a configured one, the
	// address just opened is the best guess.
	baseURL := a.cfg.BaseURL
	if baseURL == "" {
		baseURL = "http://" + ln.Addr().String()
	}
	comm, err := a.newCommunity(s, baseURL)
	if err != nil {
		ln.Close()
		return err
	}
	if a.cfg.SMTPURL == "" {
		a.log.Warn("no SMTP server configured (DAILYPAPERS_SMTP_URL): sign-in links are written to this log instead of mailed")
	}
	dig, err := a.newDigestAt(s, baseURL)
	if err != nil {
		ln.Close()
		return err
	}
	if err := dig.CheckConfig(); err != nil && !a.serve.noDigest {
		a.log.Warn("digests will not be planned or sent", slog.Any("error", err))
	}
	sender, err := a.mailSender()
	if err != nil {
		ln.Close()
		return err
	}
	mails := outbox.New(s, sender, map[string]outbox.Composer{store.MailSignIn: comm.SignInMail, store.MailConfirm: dig.ConfirmationMail},
		outbox.Options{Log: a.log})
	site, err := web.New(s, a.log, web.Options{BaseURL: a.cfg.BaseURL, Location: a.cfg.Location, Now: time.Now, Dev: a.serve.dev,
		Community: comm, Digest: dig, TrustedProxies: a.cfg.TrustedProxies})
	if err != nil {
		ln.Close()
		return err
	}
	srv := &http.Server{
		Handler:           site.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	a.log.Info("serving", slog.String("url", "http://"+ln.Addr().String()+"/"),
		slog.String("database", s.Dialect()), slog.String("dsn", a.cfg.RedactedDB()), slog.String("timezone", a.cfg.TimeZone))
	fmt.Fprintf(a.env.Stdout, "Daily Papers is running at http://%s/ (Ctrl-C stops it)\n", ln.Addr())

	// Background work stops, and is waited for, before the store closes.
	var wg sync.WaitGroup
	bg, stopBG := context.WithCancel(ctx)
	defer func() {
		stopBG()
		wg.Wait()
	}()
	wg.Add(1)
	go func() { defer wg.Done(); site.Run(bg) }()
	wg.Add(1)
	go func() { defer wg.Done(); sweepExpired(bg, s, a.log) }()
	wg.Add(1)
	go func() { defer wg.Done(); renderComments(bg, s, a.log) }()
	// Submitted papers new to the site, fetched from arXiv (on every serve
	// process: they share the queue, and a restart resumes it).
	wg.Add(1)
	go func() { defer wg.Done(); comm.RunFetches(bg) }()
	wg.Add(1)
	kick := make(chan struct{}, 1)
	go func() { defer wg.Done(); keepVectors(bg, s, a.log, kick) }()
	// Sign-in and confirmation mails, queued by requests, go out from here
	// (on every serve process: they share the outbox).
	wg.Add(1)
	go func() { defer wg.Done(); mails.Run(bg) }()
	if !a.serve.noDigest {
		wg.Add(1)
		go func() { defer wg.Done(); dig.Run(bg, time.Minute) }()
	}
	if sets := a.cfg.Sets(); len(sets) > 0 && a.cfg.HarvestEvery > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); a.harvestLoop(bg, s, sets, kick) }()
	}

	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	a.log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(shutCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// loadSample imports the embedded sample days into a store without entries.
func loadSample(ctx context.Context, a *invocation, s *store.Store) error {
	if _, err := s.LatestDay(ctx); !errors.Is(err, paper.ErrNotFound) {
		return err // nil when there are entries already: nothing to do
	}
	for _, d := range sampledata.Days() {
		f, err := sampledata.Open(d.Name)
		if err != nil {
			return err
		}
		sum, err := importer.Import(ctx, s, d.Name, f, -1, importer.Options{FeedDay: d.Date, Location: a.cfg.Location, Log: a.log})
		f.Close()
		if err != nil {
			return fmt.Errorf("load sample data: %w", err)
		}
		a.log.Info("loaded sample day", slog.String("day", d.Date), slog.Int("papers", sum.Records))
	}
	return nil
}

// harvestLoop harvests the sets now and then every HarvestEvery until ctx ends.
func (a *invocation) harvestLoop(ctx context.Context, s *store.Store, sets []string, kick chan<- struct{}) {
	client := a.arxivClient()
	for {
		for _, set := range sets {
			res, counts, err := harvest(ctx, client, s, arxiv.HarvestRequest{Set: set})
			if ctx.Err() != nil {
				return
			}
			if err != nil {
				a.log.Error("scheduled harvest failed", slog.String("set", set), slog.Any("error", err))
				continue
			}
			a.log.Info("harvested", slog.String("set", set), slog.Int("records", res.Records),
				slog.Int("new", counts.New), slog.Int("updated", counts.Updated), slog.String("next_from", res.NextFrom))
			if counts.New > 0 {
				kickVectors(kick)
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(a.cfg.HarvestEvery):
		}
	}
}
