// Package app is the dailypapers command: it parses the command line, builds
// the configuration, opens the store and runs one subcommand.
package app

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"strings"

	"github.com/dailypapers/dailypapers/internal/config"
	"github.com/dailypapers/dailypapers/internal/store"
)

// Env is what the command gets from its process: arguments aside, the
// environment and the standard streams. Tests pass their own.
type Env struct {
	Getenv func(string) string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

// ErrUsage marks a mistake on the command line; main exits with status 2.
var ErrUsage = errors.New("usage")

// command is one subcommand.
type command struct {
	summary string
	serve   bool // takes the server's flags too
	run     func(ctx context.Context, a *invocation) error
	// flags registers the command's own flags.
	flags func(fs *flag.FlagSet, a *invocation)
}

// invocation is one run of a command: its settings, streams and arguments.
type invocation struct {
	env  Env
	cfg  config.Config
	fs   *flag.FlagSet
	args []string
	log  *slog.Logger

	imp     importOptions
	harvest harvestOptions
	serve   serveOptions
}

func commands() map[string]command {
	return map[string]command{
		"serve":   {summary: "run the web site (and scheduled harvests)", serve: true, run: runServe, flags: serveFlags},
		"migrate": {summary: "create or upgrade the database schema", run: runMigrate},
		"import":  {summary: "import files (arXiv API, OAI-PMH, RSS, Kaggle, Hugging Face; - for stdin)", run: runImport, flags: importFlags},
		"fetch":   {summary: "fetch papers from the arXiv API by id or URL", run: runFetch},
		"harvest": {summary: "harvest an OAI-PMH set incrementally from arXiv", run: runHarvest, flags: harvestFlags},
		"stats":   {summary: "print counts of papers, entries and users as JSON", run: runStats},
		"version": {summary: "print the version", run: runVersion},
		"digest":  {summary: "the email digest: digest preview|send [--date D | --week W], digest status", run: runDigest},
		"user":    {summary: "manage accounts: user add --email E --name N [--role R], user list, user role N R", run: runUser},
		"token":   {summary: "token create --user NAME: print a new API token for a user", run: runToken},
	}
}

// Run runs the command line args (without the program name).
func Run(ctx context.Context, args []string, env Env) error {
	a := &invocation{env: env}
	top := flag.NewFlagSet("dailypapers", flag.ContinueOnError)
	top.SetOutput(env.Stderr)
	a.cfg.Register(top, env.Getenv, false)
	top.Usage = func() { printHelp(env.Stderr) }
	if err := top.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	rest := top.Args()
	if len(rest) == 0 || rest[0] == "help" || rest[0] == "-h" || rest[0] == "--help" {
		printHelp(env.Stdout)
		return nil
	}
	name := rest[0]
	cmd, ok := commands()[name]
	if !ok {
		printHelp(env.Stderr)
		return fmt.Errorf("%w: unknown command %q", ErrUsage, name)
	}
	a.fs = flag.NewFlagSet("dailypapers "+name, flag.ContinueOnError)
	a.fs.SetOutput(env.Stderr)
	a.cfg.Register(a.fs, env.Getenv, cmd.serve)
	if cmd.flags != nil {
		cmd.flags(a.fs, a)
	}
	if err := a.fs.Parse(rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	a.args = a.fs.Args()
	if err := a.cfg.Finish(); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	a.log = slog.New(slog.NewTextHandler(env.Stderr, &slog.HandlerOptions{Level: a.cfg.Level()}))
	return cmd.run(ctx, a)
}

func printHelp(w io.Writer) {
	fmt.Fprintln(w, "dailypapers: the research papers worth reading today, chosen by a community.")
	fmt.Fprintln(w, "\nUsage: dailypapers [--db DSN] COMMAND [flags] [args]\n\nCommands:")
	cmds := commands()
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, cmds[n].summary)
	}
	fmt.Fprintf(w, "  %-8s %s\n", "help", "show this list")
	fmt.Fprintln(w, "\nRun 'dailypapers COMMAND -h' for a command's flags. Every flag can also be set with")
	fmt.Fprintln(w, "a DAILYPAPERS_* environment variable, named in the flag's help.")
}

// openStore opens the configured database.
func (a *invocation) openStore(ctx context.Context, opts store.Options) (*store.Store, error) {
	opts.Logger = a.log
	s, err := store.Open(ctx, a.cfg.DB, opts)
	if err != nil {
		return nil, fmt.Errorf("database %s: %w", a.cfg.RedactedDB(), err)
	}
	return s, nil
}

// isTerminal reports whether w is a terminal, where progress lines belong.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func joinArgs(args []string) string { return strings.Join(args, " ") }
