package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/bench/internal/benchdb"
	"github.com/dailypapers/dailypapers/bench/internal/machine"
	"github.com/dailypapers/dailypapers/internal/store"
)

type options struct {
	testdata   string // the project's testdata: the corpus
	queries    string // the generated queries
	questions  string // the hand-written questions
	paraphrase string // the hand-written paraphrased questions
	dir        string
	pg         string
	kinds      []string
	regen      bool
	perKind    int
	json       bool
	candidates int
}

func parseFlags(args []string) (options, error) {
	var o options
	var kinds string
	fs := flag.NewFlagSet("searcheval", flag.ContinueOnError)
	fs.StringVar(&o.testdata, "testdata", "testdata", "the records to search (the project's testdata)")
	fs.StringVar(&o.queries, "queries", "bench/searcheval/testdata/queries.tsv", "generated queries: kind, paper id, text")
	fs.StringVar(&o.questions, "questions", "bench/searcheval/testdata/questions.tsv", "hand-written questions: paper id, question")
	fs.StringVar(&o.paraphrase, "paraphrases", "bench/searcheval/testdata/questions-paraphrased.tsv", "hand-written paraphrased questions: paper id, question")
	fs.StringVar(&o.dir, "dir", "bench/out", "working directory (the SQLite database)")
	fs.StringVar(&o.pg, "db", "", "also measure the project's search on this PostgreSQL database (postgres://...; a schema searcheval is made in it)")
	fs.StringVar(&kinds, "kinds", strings.Join(allKinds, ","), "query kinds to measure: "+strings.Join(allKinds, ","))
	fs.BoolVar(&o.regen, "regen", false, "regenerate the generated queries and write them to -queries")
	fs.IntVar(&o.perKind, "n", 400, "with -regen: queries of each generated kind")
	fs.BoolVar(&o.json, "json", false, "print the results as JSON")
	fs.IntVar(&o.candidates, "candidates", 0, "print the first N papers chosen for hand-written questions (id, title, abstract) and exit")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	for _, k := range strings.Split(kinds, ",") {
		if !slices.Contains(allKinds, k) {
			return o, fmt.Errorf("-kinds: unknown kind %q (known: %s)", k, strings.Join(allKinds, ","))
		}
		o.kinds = append(o.kinds, k)
	}
	return o, nil
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(o.dir, 0o755); err != nil {
		return err
	}
	start := time.Now()
	dsn, err := benchdb.Fresh(ctx, "sqlite", o.dir, "searcheval", "")
	if err != nil {
		return err
	}
	st, c, err := openCorpus(ctx, dsn, o.testdata)
	if err != nil {
		return err
	}
	defer st.Close()
	if o.candidates > 0 {
		printCandidates(out, c, o.candidates)
		return nil
	}
	qs, err := loadQueries(c, o)
	if err != nil {
		return err
	}
	systems, closeAll, err := openSystems(ctx, c, st, o)
	defer closeAll()
	if err != nil {
		return err
	}
	rep := report{
		Papers: len(c.papers), Records: c.records, Files: c.files, Machine: machine.Describe(), Code: machine.CodeVersion(),
		Command: "go run ./bench/searcheval " + strings.Join(args, " "),
	}
	for _, sys := range systems {
		res, err := evaluate(ctx, sys, qs, o.kinds)
		if err != nil {
			return err
		}
		rep.Systems = append(rep.Systems, res)
	}
	rep.Elapsed = time.Since(start).Round(time.Second).String()
	if o.json {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	}
	rep.print(out, o.kinds)
	return nil
}

// openCorpus imports the testdata into a fresh store at dsn.
func openCorpus(ctx context.Context, dsn, testdata string) (*store.Store, *corpus, error) {
	st, err := store.Open(ctx, dsn, store.Options{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return nil, nil, err
	}
	c, err := loadCorpus(ctx, st, testdata)
	if err != nil {
		st.Close()
		return nil, nil, fmt.Errorf("load %s: %w", testdata, err)
	}
	return st, c, nil
}

// loadQueries reads the checked-in queries (writing them first with
// -regen) and the hand-written questions, and checks that every target is
// in the corpus.
func loadQueries(c *corpus, o options) ([]query, error) {
	if o.regen {
		if err := os.MkdirAll(filepath.Dir(o.queries), 0o755); err != nil {
			return nil, err
		}
		if err := writeQueries(o.queries, generate(c, o.perKind)); err != nil {
			return nil, err
		}
	}
	qs, err := readQueries(o.queries, "")
	if err != nil {
		return nil, fmt.Errorf("%w (run with -regen to generate the queries)", err)
	}
	if slices.Contains(o.kinds, kindQuestion) {
		questions, err := readQueries(o.questions, kindQuestion)
		if err != nil {
			return nil, err
		}
		qs = append(qs, questions...)
	}
	if slices.Contains(o.kinds, kindParaphrase) || slices.Contains(o.kinds, kindParaphraseHeld) {
		paraphrases, err := readParaphrases(o.paraphrase)
		if err != nil {
			return nil, err
		}
		qs = append(qs, paraphrases...)
	}
	for _, q := range qs {
		if _, ok := c.byID[q.PaperID]; !ok {
			return nil, fmt.Errorf("query %q names paper %s, which is not in %s", q.Text, q.PaperID, o.testdata)
		}
	}
	return qs, nil
}

// openSystems opens every search system measured: the project's search on
// SQLite (and on PostgreSQL with -db) and the FTS5 baseline.
func openSystems(ctx context.Context, c *corpus, st *store.Store, o options) ([]system, func(), error) {
	var closers []func() error
	closeAll := func() {
		for _, f := range closers {
			f()
		}
	}
	systems := []system{storeSystem{name: "this project (SQLite)", st: st}}
	if o.pg != "" {
		dsn, err := benchdb.Fresh(ctx, "postgres", "", "searcheval", o.pg)
		if err != nil {
			return nil, closeAll, err
		}
		pst, _, err := openCorpus(ctx, dsn, o.testdata)
		if err != nil {
			return nil, closeAll, err
		}
		closers = append(closers, pst.Close)
		systems = append(systems, storeSystem{name: "this project (PostgreSQL)", st: pst})
	}
	fts, err := newFTSBaseline(ctx, c.papers)
	if err != nil {
		return nil, closeAll, err
	}
	closers = append(closers, fts.Close)
	return append(systems, fts), closeAll, nil
}
