package main

import (
	"github.com/dailypapers/dailypapers/bench/internal/benchdb"

	"context"
	"fmt"
	"log/slog"
	"os"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/sampledata"
	"github.com/dailypapers/dailypapers/internal/store"
)

// pgSchema is the PostgreSQL schema the harness drops and recreates on
// every run.
const pgSchema = "digestbench"

// bench is the database and mail server under measurement.
type bench struct {
	db    string // sqlite or postgres
	dsn   string
	store *store.Store
	smtp  *smtpServer
	log   *slog.Logger

	days    int    // sample days imported
	day     string // the feed day whose digest is sent
	papers  int    // on that day
	subs    int    // subscribers inserted
	topical int    // of those, with categories or keywords
	// withForYou counts the deliveries with For you picks (verify).
	withForYou int
}

// setUp makes a fresh database with the sample days and the subscribers,
// and starts the SMTP server.
func setUp(ctx context.Context, o options) (*bench, error) {
	dsn, err := benchdb.Fresh(ctx, o.db, o.dir, pgSchema, o.pg)
	if err != nil {
		return nil, err
	}
	// Warnings and errors only: the digest logs a line per run at info.
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := store.Open(ctx, dsn, store.Options{Logger: log})
	if err != nil {
		return nil, err
	}
	b := &bench{db: o.db, dsn: dsn, store: st, log: log}
	if err := b.loadSample(ctx, o.day); err != nil {
		st.Close()
		return nil, err
	}
	if err := b.addSubscribers(ctx, o.subscribers); err != nil {
		st.Close()
		return nil, err
	}
	if err := b.addReaders(ctx, o.forYou); err != nil {
		st.Close()
		return nil, err
	}
	if err := b.exec(ctx, o.sql); err != nil {
		st.Close()
		return nil, fmt.Errorf("-sql: %w", err)
	}
	if b.smtp, err = startSMTP(); err != nil {
		st.Close()
		return nil, err
	}
	return b, nil
}

// loadSample imports the embedded sample days as serve --demo does, and
// picks the day to send: the one asked for, or the one with most papers.
func (b *bench) loadSample(ctx context.Context, want string) error {
	loc := time.UTC
	if l, err := time.LoadLocation("America/New_York"); err == nil {
		loc = l // the site's default time zone, as serve uses it
	}
	for _, d := range sampledata.Days() {
		f, err := sampledata.Open(d.Name)
		if err != nil {
			return err
		}
		_, err = importer.Import(ctx, b.store, d.Name, f, -1, importer.Options{FeedDay: d.Date, Location: loc, Log: b.log})
		f.Close()
		if err != nil {
			return fmt.Errorf("load sample day %s: %w", d.Date, err)
		}
		b.days++
		es, err := b.store.DayEntries(ctx, d.Date)
		if err != nil {
			return err
		}
		if (want == "" && len(es) > b.papers) || want == d.Date {
			b.day, b.papers = d.Date, len(es)
		}
	}
	if b.day == "" {
		return fmt.Errorf("-day %s: not a sample day", want)
	}
	return nil
}

// exec runs the -sql statements, one at a time.
func (b *bench) exec(ctx context.Context, stmts string) error {
	if strings.TrimSpace(stmts) == "" {
		return nil
	}
	db, err := b.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	for _, q := range strings.Split(stmts, ";") {
		if strings.TrimSpace(q) == "" {
			continue
		}
		if _, err := db.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("%s: %w", strings.TrimSpace(q), err)
		}
	}
	return nil
}
