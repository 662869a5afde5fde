package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/bench/loadgen"
)

// measure runs the load against dailypapers serve on the database and
// against the minimal server with the same bytes.
func measure(ctx context.Context, o options, bin, kind, dsn string, out io.Writer) error {
	srv, base, err := startServer(bin, dsn)
	if err != nil {
		return err
	}
	defer func() {
		if srv != nil {
			stopServer(srv)
		}
	}()
	day := lastDay.Format("2006-01-02")
	fmt.Fprintf(out, "\n%s (feed day %s):\n", kind, day)
	for _, target := range []struct{ name, path string }{
		{"day page", "/papers/date/" + day},
		{"/api/daily_papers?date=", "/api/daily_papers?date=" + day},
	} {
		body, ctype, err := fetch(base + target.path)
		if err != nil {
			return err
		}
		static, stop, err := startStatic(o.dir, body, ctype)
		if err != nil {
			return err
		}
		limit, err := loadgen.Run(ctx, []string{static}, o.conns, o.duration)
		stop()
		if err != nil {
			return err
		}
		got, err := loadgen.Run(ctx, []string{base + target.path}, o.conns, o.duration)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "  %-24s minimal server %s\n", target.name, limit)
		fmt.Fprintf(out, "  %-24s dailypapers    %s  = %.0f%% of the minimal server (%d bytes)\n", "", got, 100*got.RPS()/limit.RPS(), len(body))
	}
	words, err := titleWords(base)
	if err != nil {
		return err
	}
	qs := newQueryGen(words)
	if err := measureSearch(ctx, o, base, qs, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "  server peak memory (VmHWM) %s\n", peakMemory(srv.Process.Pid))
	// The first searches of a fresh process: nothing of the index is cached
	// in it yet (the operating system's page cache stays warm).
	stopServer(srv)
	if srv, base, err = startServer(bin, dsn); err != nil {
		return err
	}
	return measureFirstSearches(o, base, qs, out)
}

// startServer runs dailypapers serve on the database and waits until it
// answers /healthz.
func startServer(bin, dsn string) (*exec.Cmd, string, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, "", err
	}
	srv := command(bin, "--db", dsn, "--log-level", "error", "serve", "--addr", addr)
	if err := srv.Start(); err != nil {
		return nil, "", err
	}
	base := "http://" + addr
	if err := waitHealthy(base); err != nil {
		stopServer(srv)
		return nil, "", err
	}
	return srv, base, nil
}

// stopServer interrupts the server and waits for it to exit.
func stopServer(srv *exec.Cmd) {
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitHealthy(base string) error {
	for i := 0; i < 600; i++ {
		if resp, err := http.Get(base + "/healthz"); err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("server at %s did not become healthy", base)
}

func fetch(u string) ([]byte, string, error) {
	resp, err := http.Get(u)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err == nil && resp.StatusCode != 200 {
		err = fmt.Errorf("GET %s: %s", u, resp.Status)
	}
	return b, resp.Header.Get("Content-Type"), err
}

// startStatic runs the minimal server with body and returns its URL.
func startStatic(dir string, body []byte, ctype string) (string, func(), error) {
	file := filepath.Join(dir, "static-body")
	if err := os.WriteFile(file, body, 0o644); err != nil {
		return "", nil, err
	}
	addr, err := freeAddr()
	if err != nil {
		return "", nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return "", nil, err
	}
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), staticEnv+"="+file, staticAddrEnv+"="+addr, staticTypeEnv+"="+ctype)
	if err := cmd.Start(); err != nil {
		return "", nil, err
	}
	stop := func() { cmd.Process.Kill(); cmd.Wait() }
	for i := 0; i < 100; i++ {
		if c, err := net.Dial("tcp", addr); err == nil {
			c.Close()
			return "http://" + addr + "/", stop, nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	stop()
	return "", nil, fmt.Errorf("minimal server did not start")
}

// peakMemory reads the peak resident set of a process from /proc.
func peakMemory(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "VmHWM:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmHWM:"))
		}
	}
	return "unknown"
}
