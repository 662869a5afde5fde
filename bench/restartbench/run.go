package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"github.com/dailypapers/dailypapers/internal/app"
)

func run(ctx context.Context, o options) error {
	logf, err := os.Create(o.log)
	if err != nil {
		return err
	}
	defer logf.Close()
	env := map[string]string{"DAILYPAPERS_DB": o.dsn, "DAILYPAPERS_LOG_LEVEL": "info", "DAILYPAPERS_ADDR": "127.0.0.1:0"}
	cli := func(args ...string) (string, error) {
		var out strings.Builder
		err := app.Run(ctx, args, app.Env{Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: logf})
		return out.String(), err
	}
	if _, err := cli("migrate"); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	suffix := fmt.Sprint(time.Now().Unix() % 100000)
	var tokens []string
	for i := range o.voters {
		name := fmt.Sprintf("rb%sv%d", suffix, i)
		if _, err := cli("user", "add", "--email", name+"@example.com", "--name", name); err != nil {
			return fmt.Errorf("user add: %w", err)
		}
		out, err := cli("token", "create", "--user", name)
		if err != nil {
			return fmt.Errorf("token create: %w", err)
		}
		f := strings.Fields(out)
		tokens = append(tokens, f[len(f)-1])
	}
	db, err := sql.Open("pgx", o.dsn)
	if err != nil {
		return err
	}
	defer db.Close()

	baseGoroutines := runtime.NumGoroutine()
	srvCtx, stopServe := context.WithCancel(ctx)
	out := &syncBuffer{}
	served := make(chan error, 1)
	go func() {
		served <- app.Run(srvCtx, []string{"serve", "--demo", "--no-digest"},
			app.Env{Getenv: func(k string) string { return env[k] }, Stdout: out, Stderr: logf})
	}()
	base, err := waitServing(ctx, out, served)
	if err != nil {
		stopServe()
		return err
	}
	papers, err := feedPapers(ctx, db)
	if err != nil {
		stopServe()
		return err
	}
	l := newLoad(base, papers, tokens)
	fmt.Printf("serving %s: %d papers on the feed, %d voters, %d readers, %d votes/s\n", base, len(papers), len(tokens), o.workers, o.pace)

	loadCtx, stopLoad := context.WithCancel(ctx)
	var wg sync.WaitGroup
	for range o.workers {
		wg.Add(1)
		go func() { defer wg.Done(); l.read(loadCtx) }()
	}
	wg.Add(1)
	go func() { defer wg.Done(); l.vote(loadCtx, o.pace) }()

	steps := []struct {
		phase, cmd string
		hold       time.Duration
	}{
		{"1 baseline", "", o.phase},
		{"2 restart", o.restart, o.phase},
		{"3 stopped", o.stop, o.down},
		{"4 started", o.start, o.phase},
	}
	for _, s := range steps {
		l.setPhase(s.phase)
		if s.cmd != "" {
			if err := command(ctx, s.cmd); err != nil {
				fmt.Printf("%s: %s: %v\n", s.phase, s.cmd, err)
			}
		}
		time.Sleep(s.hold)
	}
	if o.freeze > 0 {
		if err := freezePhases(l, o); err != nil {
			fmt.Println("freeze:", err)
		}
	}
	stopLoad()
	wg.Wait()
	l.report(os.Stdout)
	l.freshness(ctx)
	if err := l.verify(ctx, db, suffix); err != nil {
		fmt.Println("verify:", err)
	}
	stopServe()
	if err := <-served; err != nil {
		fmt.Println("serve ended with:", err)
	}
	l.client.CloseIdleConnections()
	time.Sleep(time.Second)
	fmt.Printf("goroutines: %d before serve, %d after it ended\n", baseGoroutines, runtime.NumGoroutine())
	return nil
}

func command(ctx context.Context, line string) error {
	f := strings.Fields(line)
	out, err := exec.CommandContext(ctx, f[0], f[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

var servingURL = regexp.MustCompile(`running at (http://\S+?)/ `)

func waitServing(ctx context.Context, out *syncBuffer, served <-chan error) (string, error) {
	for range 600 {
		if m := servingURL.FindStringSubmatch(out.String()); m != nil {
			return m[1], nil
		}
		select {
		case err := <-served:
			return "", fmt.Errorf("serve ended: %v", err)
		case <-ctx.Done():
			return "", ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	return "", fmt.Errorf("serve did not start within a minute")
}

func feedPapers(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT paper_id FROM daily_entries ORDER BY paper_id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// freezePhases stops the server's processes for o.freeze, then lets them
// go on and loads the site for one more phase.
func freezePhases(l *load, o options) error {
	pids, err := clusterPids(o.pgdata)
	if err != nil {
		return err
	}
	l.setPhase("5 frozen")
	if err := signal(pids, syscall.SIGSTOP); err != nil {
		signal(pids, syscall.SIGCONT)
		return err
	}
	time.Sleep(o.freeze)
	l.setPhase("6 thawed")
	if err := signal(pids, syscall.SIGCONT); err != nil {
		return err
	}
	time.Sleep(o.phase)
	return nil
}
