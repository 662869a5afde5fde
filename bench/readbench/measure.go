package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/bench/loadgen"
)

// measure runs the load against dailypapers serve on the database and
// against the minimal server with the same bytes.
func measure(ctx context.Context, o options, bin, kind, dsn string, out io.Writer) error {
	addr, err := freeAddr()
	if err != nil {
		return err
	}
	srv := command(bin, "--db", dsn, "--log-level", "error", "serve", "--addr", addr)
	if err := srv.Start(); err != nil {
		return err
	}
	defer func() { srv.Process.Signal(os.Interrupt); srv.Wait() }()
	base := "http://" + addr
	if err := waitHealthy(base); err != nil {
		return err
	}
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
	if err := measureSearch(ctx, o, base, out); err != nil {
		return err
	}
	fmt.Fprintf(out, "  server peak memory (VmHWM) %s\n", peakMemory(srv.Process.Pid))
	return nil
}

// measureSearch times one- to three-word queries, one at a time, made of
// words from real titles of the database.
func measureSearch(ctx context.Context, o options, base string, out io.Writer) error {
	words, err := titleWords(base)
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(3, 4))
	type timed struct {
		q string
		d time.Duration
	}
	var lat []time.Duration
	var all []timed
	for i := 0; i < o.searches; i++ {
		n := 1 + i%3
		q := make([]string, n)
		for j := range q {
			q[j] = words[rng.IntN(len(words))]
		}
		u := base + "/api/papers/search?limit=20&q=" + url.QueryEscape(strings.Join(q, " "))
		t0 := time.Now()
		if _, _, err := fetch(u); err != nil {
			return err
		}
		lat = append(lat, time.Since(t0))
		all = append(all, timed{strings.Join(q, " "), lat[len(lat)-1]})
	}
	slices.Sort(lat)
	fmt.Fprintf(out, "  %-24s %d queries of 1-3 words: p50 %.2f ms  p99 %.2f ms  max %.2f ms\n", "search",
		len(lat), ms(lat[len(lat)/2]), ms(lat[len(lat)*99/100]), ms(lat[len(lat)-1]))
	// The slowest queries say where to look next.
	slices.SortFunc(all, func(a, b timed) int { return int(b.d - a.d) })
	for _, t := range all[:min(5, len(all))] {
		fmt.Fprintf(out, "  %-24s %8.2f ms  %q\n", "", ms(t.d), t.q)
	}
	return nil
}

// titleWords collects words of four letters or more from the titles of a
// few feed days.
func titleWords(base string) ([]string, error) {
	var words []string
	for d := 0; d < 20; d++ {
		body, _, err := fetch(base + "/api/daily_papers?date=" + lastDay.AddDate(0, 0, -d).Format("2006-01-02"))
		if err != nil {
			return nil, err
		}
		var entries []struct{ Title string }
		if err := json.Unmarshal(body, &entries); err != nil {
			return nil, err
		}
		for _, e := range entries {
			for _, w := range strings.FieldsFunc(strings.ToLower(e.Title), func(r rune) bool { return r < 'a' || r > 'z' }) {
				if len(w) >= 4 {
					words = append(words, w)
				}
			}
		}
	}
	if len(words) == 0 {
		return nil, fmt.Errorf("no title words found")
	}
	return words, nil
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
