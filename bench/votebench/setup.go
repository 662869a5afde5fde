package main

import (
	"github.com/dailypapers/dailypapers/bench/internal/benchdb"

	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/sampledata"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/web"
)

// pgSchema is the PostgreSQL schema the harness drops and recreates on
// every run.
const pgSchema = "votebench"

// bench is the site under measurement and what the load needs to know of it.
type bench struct {
	store  *store.Store
	srv    *http.Server
	stopBG context.CancelFunc
	bg     sync.WaitGroup
	base   string       // http://127.0.0.1:port
	http   *http.Client // keep-alive, shared by every reader and voter

	days      []string // the sample feed days
	papers    []string // ids of every paper on them
	accounts  []int64  // ids of the accounts the voters use
	tokens    []string // their API tokens, one each, in the same order
	dayPath   string   // the latest day's page
	cards     int
	pageBytes int
}

// setUp makes a fresh database with the sample days and the accounts, and
// starts the site on a loopback port.
func setUp(ctx context.Context, o options) (*bench, error) {
	dsn, err := benchdb.Fresh(ctx, o.db, o.dir, pgSchema, o.pg)
	if err != nil {
		return nil, err
	}
	// Only errors: the request log would print a line per request.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	st, err := store.Open(ctx, dsn, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	b := &bench{store: st}
	loc := siteLocation()
	if err := b.loadSample(ctx, loc, log); err != nil {
		st.Close()
		return nil, err
	}
	mailer, err := mail.New(mail.Config{}, log) // no SMTP server: mail goes to the log
	if err != nil {
		st.Close()
		return nil, err
	}
	// The site's default rate limits: 1,000 accounts at 120 votes a
	// minute each are far more than the clients reach in one phase.
	comm := community.New(st, mailer, nil, community.Options{Location: loc, Log: log})
	if b.accounts, b.tokens, err = makeAccounts(ctx, st, comm, o.users); err != nil {
		st.Close()
		return nil, err
	}
	if err := b.serve(ctx, o, web.Options{Location: loc, Now: time.Now, Community: comm}, log); err != nil {
		st.Close()
		return nil, err
	}
	if err := b.warm(); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// siteLocation is the site's default time zone, as serve uses it.
func siteLocation() *time.Location {
	if loc, err := time.LoadLocation("America/New_York"); err == nil {
		return loc
	}
	return time.UTC
}

// loadSample imports the embedded sample days as serve --demo does, and
// lists their papers.
func (b *bench) loadSample(ctx context.Context, loc *time.Location, log *slog.Logger) error {
	for _, d := range sampledata.Days() {
		f, err := sampledata.Open(d.Name)
		if err != nil {
			return err
		}
		_, err = importer.Import(ctx, b.store, d.Name, f, -1, importer.Options{FeedDay: d.Date, Location: loc, Log: log})
		f.Close()
		if err != nil {
			return fmt.Errorf("load sample day %s: %w", d.Date, err)
		}
		b.days = append(b.days, d.Date)
	}
	for _, day := range b.days {
		es, err := b.store.DayEntries(ctx, day)
		if err != nil {
			return err
		}
		for _, e := range es {
			b.papers = append(b.papers, e.Entry.PaperID)
		}
	}
	latest, err := b.store.LatestDay(ctx)
	if err != nil {
		return err
	}
	b.dayPath = "/papers/date/" + latest
	return nil
}

// makeAccounts creates n accounts with one API token each, a few at a time,
// and returns their ids and tokens.
func makeAccounts(ctx context.Context, st *store.Store, comm *community.Service, n int) ([]int64, []string, error) {
	ids, tokens := make([]int64, n), make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	const workers = 8
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				a, err := st.CreateAccount(ctx, store.Account{Name: fmt.Sprintf("voter%05d", i), FullName: fmt.Sprintf("Voter %d", i)})
				if err == nil {
					ids[i] = a.ID
					tokens[i], err = comm.CreateToken(ctx, a, "votebench")
				}
				if err == nil {
					// The site records a token's use at most hourly, a
					// write: done here, so phase 2 sees the steady state.
					_, err = comm.TokenAccount(ctx, tokens[i])
				}
				errs[i] = err
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, nil, fmt.Errorf("make accounts: %w", err)
	}
	return ids, tokens, nil
}

// serve starts the site as serve does: an http.Server on a loopback port,
// and Run in the background so the response cache is live. Every request
// runs under the profiler label side=server, so a profile of this process
// can tell the site's work from the load generator's.
func (b *bench) serve(ctx context.Context, o options, opts web.Options, log *slog.Logger) error {
	site, err := web.New(b.store, log, opts)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	b.base = "http://" + ln.Addr().String()
	h := site.Handler()
	b.srv = &http.Server{
		Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			pprof.Do(r.Context(), pprof.Labels("side", "server"), func(context.Context) { h.ServeHTTP(w, r) })
		}),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	bg, stop := context.WithCancel(ctx)
	b.stopBG = stop
	b.bg.Go(func() { site.Run(bg) })
	b.bg.Go(func() { b.srv.Serve(ln) })
	conns := o.clients + 2*o.readers + 8
	b.http = &http.Client{
		// No compression, as bench/loadgen: the cache keeps a gzip and a
		// plain answer apart, and these readers all take the plain one.
		Transport: &http.Transport{MaxIdleConns: conns, MaxIdleConnsPerHost: conns, DisableCompression: true},
		Timeout:   30 * time.Second,
	}
	return nil
}

// warm fetches the day page until the cache answers it (Run has read the
// data version) and counts its cards.
func (b *bench) warm() error {
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := b.http.Get(b.base + b.dayPath)
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("GET %s: %s", b.dayPath, resp.Status)
		}
		if resp.Header.Get("X-Cache") == "hit" {
			b.cards, b.pageBytes = strings.Count(string(body), `class="card-body"`), len(body)
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return fmt.Errorf("GET %s: the response cache never answered", b.dayPath)
}

func (b *bench) close() {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	b.srv.Shutdown(ctx)
	b.stopBG()
	b.bg.Wait()
	b.http.CloseIdleConnections()
	b.store.Close()
}
