package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

type options struct {
	testdata string
	seed     uint64
	papers   int // evaluated papers per split
	scale    int // papers to grow the store to for the speed runs; 0: none
}

func parseFlags(args []string) (options, error) {
	var o options
	fs := flag.NewFlagSet("recseval", flag.ContinueOnError)
	fs.StringVar(&o.testdata, "testdata", "testdata", "the project's testdata folder")
	fs.Uint64Var(&o.seed, "seed", 12, "seed choosing the papers and readers")
	fs.IntVar(&o.papers, "papers", 200, "arXiv papers in each of the tuning and held-out splits")
	fs.IntVar(&o.scale, "scale", 0, "grow the store to this many papers (from the real ones' text) and time it")
	return o, fs.Parse(args)
}

func run(ctx context.Context, args []string, out io.Writer) error {
	o, err := parseFlags(args)
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "recseval")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "recs.db")
	st, err := store.Open(ctx, path, store.Options{})
	if err != nil {
		return err
	}
	defer st.Close()
	start := time.Now()
	papers, err := loadCorpus(ctx, st, o.testdata)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "corpus: %d papers from %s, imported in %s\n\n", len(papers), o.testdata, time.Since(start).Round(time.Millisecond))
	e := newEval(papers)
	rng := rand.New(rand.NewPCG(o.seed, 1))
	tune, held := e.splitPapers(rng, o.papers)
	for _, split := range []struct {
		name string
		ids  []int
	}{{"tuning", tune}, {"held-out", held}} {
		if err := e.similar(ctx, out, st, split.name, split.ids); err != nil {
			return err
		}
	}
	tuneR, heldR := e.readers(rng)
	for _, split := range []struct {
		name string
		rs   []reader
	}{{"tuning", tuneR}, {"held-out", heldR}} {
		if err := e.forYou(ctx, out, st, split.name, split.rs); err != nil {
			return err
		}
	}
	if err := e.latency(ctx, out, st, held); err != nil {
		return err
	}
	if o.scale > len(papers) {
		return e.scaleUp(ctx, out, st, rng, o.scale, held)
	}
	return nil
}

// eval is the corpus as the measures see it.
type eval struct {
	papers []paper.Paper
	byID   map[string]int
	tf     *tfidf
}

func newEval(papers []paper.Paper) *eval {
	e := &eval{papers: papers, byID: map[string]int{}}
	texts := make([]string, len(papers))
	for i, p := range papers {
		e.byID[p.ID] = i
		texts[i] = p.Title + " " + p.Abstract
	}
	e.tf = newTfidf(texts)
	return e
}

// splitPapers picks 2n arXiv papers with a primary category and an
// abstract, and splits them into tuning and held-out halves.
func (e *eval) splitPapers(rng *rand.Rand, n int) (tune, held []int) {
	var ok []int
	for i, p := range e.papers {
		if p.PrimaryCategory != "" && p.Abstract != "" {
			ok = append(ok, i)
		}
	}
	rng.Shuffle(len(ok), func(i, j int) { ok[i], ok[j] = ok[j], ok[i] })
	ok = ok[:min(len(ok), 2*n)]
	return ok[:len(ok)/2], ok[len(ok)/2:]
}
