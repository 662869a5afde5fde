// Command slowclients attacks a running server on this machine with slow
// clients and reports how long the server let each kind hold a connection,
// whether ordinary requests were still answered meanwhile, and, when given
// the server's pid and its PostgreSQL database, the server's open files and
// database sessions during and after the attack.
//
//	go run ./bench/slowclients -url http://127.0.0.1:8080 -pid $(pgrep -n dailypapers) \
//	    -pg 'postgres://postgres@127.0.0.1:5432/dp?sslmode=disable'
//
// The kinds: slowloris (request headers sent a byte a second), a slow body
// (a form POST whose declared body arrives a byte a second), a reader that
// never reads a large answer, and idle keep-alive connections. Before them,
// clients that hang up mid-render: the page must not be cached empty. Every kind is
// bounded by -n connections and -max time; only loopback targets are allowed.
package main

import (
	"bufio"
	"context"
	"database/sql"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
)

func main() {
	target := flag.String("url", "http://127.0.0.1:8080", "the server, on a loopback address")
	n := flag.Int("n", 50, "connections of each kind")
	maxDur := flag.Duration("max", 150*time.Second, "give up on a connection the server keeps open after this long")
	pid := flag.Int("pid", 0, "the server's process id, to count its open files")
	pg := flag.String("pg", "", "the server's PostgreSQL database, to count its sessions by state")
	big := flag.String("big", "/api/papers?limit=100", "a path with a large answer, for the reader that never reads")
	hangups := flag.Int("hangups", 200, "requests that hang up mid-render before the slow clients start")
	flag.Parse()
	if err := run(*target, *n, *maxDur, *pid, *pg, *big, *hangups); err != nil {
		fmt.Fprintln(os.Stderr, "slowclients:", err)
		os.Exit(1)
	}
}

func run(target string, n int, maxDur time.Duration, pid int, pg, big string, hangups int) error {
	u, err := url.Parse(target)
	if err != nil {
		return err
	}
	if ip := net.ParseIP(u.Hostname()); ip == nil || !ip.IsLoopback() {
		return fmt.Errorf("%s is not a loopback address", u.Host)
	}
	m := &monitor{pid: pid, base: target}
	if pg != "" {
		if m.db, err = sql.Open("pgx", pg); err != nil {
			return err
		}
		defer m.db.Close()
	}
	fmt.Println("before:", m.sample())
	if hangups > 0 {
		empty, err := hangUps(u.Host, "/", hangups)
		if err != nil {
			return err
		}
		fmt.Printf("hang-ups: %d of %d pages asked for again after the first asker hung up came back empty\n", empty, hangups)
	}
	ctx, cancel := context.WithTimeout(context.Background(), maxDur+30*time.Second)
	defer cancel()
	stop := make(chan struct{})
	var mwg sync.WaitGroup
	mwg.Add(1)
	go func() { defer mwg.Done(); m.watch(stop) }()

	kinds := []struct {
		name string
		fn   func(ctx context.Context, addr string) (string, time.Duration)
	}{
		{"slowloris", slowloris},
		{"slow body", slowBody},
		{"never reads " + big, func(ctx context.Context, addr string) (string, time.Duration) { return neverReads(ctx, addr, big) }},
		{"idle keep-alive", idleKeepAlive},
	}
	// The server's own view near the end: a reader that never reads keeps
	// what the server wrote in the kernel's buffers, so only the server's
	// open files say whether it still holds the connection.
	go func() {
		select {
		case <-time.After(maxDur - 3*time.Second):
			fmt.Println("near the end:", m.sample())
		case <-stop:
		}
	}()
	var wg sync.WaitGroup
	results := make([][]result, len(kinds))
	for k, kind := range kinds {
		results[k] = make([]result, n)
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				c, cancel := context.WithTimeout(ctx, maxDur)
				defer cancel()
				how, d := kind.fn(c, u.Host)
				results[k][i] = result{how, d}
			}()
		}
	}
	wg.Wait()
	close(stop)
	mwg.Wait()
	for k, kind := range kinds {
		fmt.Printf("%-40s %s\n", kind.name, summarize(results[k]))
	}
	m.report()
	time.Sleep(2 * time.Second)
	fmt.Println("after:", m.sample())
	return nil
}

type result struct {
	how string // how the connection ended
	d   time.Duration
}

func summarize(rs []result) string {
	ends := map[string]int{}
	var ds []time.Duration
	for _, r := range rs {
		ends[r.how]++
		ds = append(ds, r.d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	var parts []string
	for how, c := range ends {
		parts = append(parts, fmt.Sprintf("%d %s", c, how))
	}
	sort.Strings(parts)
	return fmt.Sprintf("held %s..%s: %s", ds[0].Round(time.Second), ds[len(ds)-1].Round(time.Second), strings.Join(parts, ", "))
}

// trickle sends head at once, then rest a byte a second until the server
// closes the connection or ctx ends, and reports how the connection ended.
func trickle(ctx context.Context, addr, head, rest string) (string, time.Duration) {
	start := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return "dial failed", 0
	}
	defer conn.Close()
	closed := make(chan string, 1)
	go func() {
		b, err := io.ReadAll(conn)
		switch {
		case len(b) > 0:
			closed <- "answered " + statusOf(b)
		case err != nil:
			closed <- "reset"
		default:
			closed <- "closed"
		}
	}()
	if _, err := io.WriteString(conn, head); err != nil {
		return "write failed", time.Since(start)
	}
	for i := 0; ; i++ {
		select {
		case how := <-closed:
			return how, time.Since(start)
		case <-ctx.Done():
			return "still open", time.Since(start)
		case <-time.After(time.Second):
		}
		if i < len(rest) {
			conn.Write([]byte{rest[i]})
		}
	}
}

func statusOf(b []byte) string {
	line, _, _ := strings.Cut(string(b), "\r\n")
	if f := strings.Fields(line); len(f) >= 2 {
		return f[1]
	}
	return "?"
}

func slowloris(ctx context.Context, addr string) (string, time.Duration) {
	return trickle(ctx, addr, "GET / HTTP/1.1\r\n", "Host: "+addr+"\r\nUser-Agent: "+strings.Repeat("s", 200)+"\r\n\r\n")
}

func slowBody(ctx context.Context, addr string) (string, time.Duration) {
	body := "email=" + strings.Repeat("a", 1000) + "%40example.com"
	head := fmt.Sprintf("POST /subscribe HTTP/1.1\r\nHost: %s\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", addr, len(body))
	return trickle(ctx, addr, head, body)
}

func idleKeepAlive(ctx context.Context, addr string) (string, time.Duration) {
	start := time.Now()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return "dial failed", 0
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: %s\r\n\r\n", addr)
	resp, err := http.ReadResponse(newReader(conn), nil)
	if err != nil {
		return "no answer", time.Since(start)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return waitClosed(ctx, conn, start)
}

// neverReads asks for a large answer with a small receive buffer and reads
// nothing until the server gives up on it (or ctx ends).
func neverReads(ctx context.Context, addr, path string) (string, time.Duration) {
	start := time.Now()
	d := net.Dialer{Control: nil}
	c, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return "dial failed", 0
	}
	conn := c.(*net.TCPConn)
	conn.SetReadBuffer(4096)
	defer conn.Close()
	// Several requests pipelined, so the answers exceed every buffer.
	for range 20 {
		fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nAccept-Encoding: identity\r\n\r\n", path, addr)
	}
	<-ctx.Done()
	// Now read what the server sent before giving up: the connection must
	// end (closed or reset) rather than still be open.
	conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	n, err := io.Copy(io.Discard, conn)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		// The kernel may still hold what the server wrote before it closed
		// its end: see the server's open files near the end.
		return fmt.Sprintf("no end seen after %d KB", n>>10), time.Since(start)
	}
	return "ended", time.Since(start)
}

func waitClosed(ctx context.Context, conn net.Conn, start time.Time) (string, time.Duration) {
	done := make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			conn.SetReadDeadline(time.Now())
		case <-done:
		}
	}()
	defer close(done)
	_, err := conn.Read(make([]byte, 1))
	if ctx.Err() != nil {
		return "still open", time.Since(start)
	}
	if err == io.EOF {
		return "closed", time.Since(start)
	}
	return "reset", time.Since(start)
}

// monitor samples the server while the attack runs: an ordinary request's
// latency, the server's open files, and its database sessions.
type monitor struct {
	pid  int
	base string
	db   *sql.DB

	mu       sync.Mutex
	worst    time.Duration
	failures int
	peak     string
	peakFDs  int
}

func (m *monitor) watch(stop <-chan struct{}) {
	client := &http.Client{Timeout: 10 * time.Second}
	for {
		select {
		case <-stop:
			return
		case <-time.After(time.Second):
		}
		t0 := time.Now()
		resp, err := client.Get(m.base + "/api/papers?limit=5")
		d := time.Since(t0)
		ok := err == nil && resp.StatusCode == 200
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
		s, fds := m.sampleFDs()
		m.mu.Lock()
		m.worst = max(m.worst, d)
		if !ok {
			m.failures++
		}
		if fds > m.peakFDs {
			m.peakFDs, m.peak = fds, s
		}
		m.mu.Unlock()
	}
}

func (m *monitor) report() {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Printf("during: ordinary reads worst %s, %d failed; at the most open files: %s\n", m.worst.Round(time.Millisecond), m.failures, m.peak)
}

func (m *monitor) sample() string { s, _ := m.sampleFDs(); return s }

func (m *monitor) sampleFDs() (string, int) {
	var parts []string
	fds := -1
	if m.pid > 0 {
		if es, err := os.ReadDir(filepath.Join("/proc", fmt.Sprint(m.pid), "fd")); err == nil {
			fds = len(es)
			parts = append(parts, fmt.Sprintf("%d open files", fds))
		}
	}
	if m.db != nil {
		rows, err := m.db.Query(`SELECT COALESCE(state, '?'), COUNT(*) FROM pg_stat_activity
			WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1 ORDER BY 1`)
		if err == nil {
			for rows.Next() {
				var st string
				var c int
				rows.Scan(&st, &c)
				parts = append(parts, fmt.Sprintf("%d %s", c, st))
			}
			rows.Close()
		}
	}
	return strings.Join(parts, ", "), fds
}

func newReader(c net.Conn) *bufio.Reader { return bufio.NewReader(c) }
