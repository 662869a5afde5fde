package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// machine describes where the numbers were taken.
func machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s, %s, load average %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), cpuModel(), loadAverage())
}

func cpuModel() string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return "unknown CPU"
	}
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			return strings.TrimSpace(v)
		}
	}
	return "unknown CPU"
}

// loadAverage is the machine's 1-minute load average before the run.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// cpuTicks is the CPU time the machine, this process and the PostgreSQL
// server had used at one moment, in clock ticks. On a shared machine other
// work skews the numbers; the report says how much there was.
type cpuTicks struct {
	all, idle, self uint64
	postgres        map[string]uint64 // by pid: backends come and go
}

// cpuUse is how many CPUs each used on average between two readings.
type cpuUse struct {
	self, postgres, other float64
	ok                    bool
}

func readTicks() (cpuTicks, bool) {
	t := cpuTicks{postgres: map[string]uint64{}}
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return t, false
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	if len(f) < 6 || f[0] != "cpu" {
		return t, false
	}
	for i, v := range f[1:] {
		n, _ := strconv.ParseUint(v, 10, 64)
		t.all += n
		if i == 3 || i == 4 { // idle, iowait
			t.idle += n
		}
	}
	t.self = procTicks("/proc/self/stat")
	paths, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, p := range paths {
		if b, err := os.ReadFile(p); err == nil && strings.Contains(string(b), "(postgres)") {
			t.postgres[p] = procTicks(p)
		}
	}
	return t, true
}

// procTicks is a process's user and system time from its stat file.
func procTicks(path string) uint64 {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	// The command name may hold spaces; the fields after it do not.
	_, rest, ok := strings.Cut(string(b), ") ")
	f := strings.Fields(rest)
	if !ok || len(f) < 13 {
		return 0
	}
	utime, _ := strconv.ParseUint(f[11], 10, 64)
	stime, _ := strconv.ParseUint(f[12], 10, 64)
	return utime + stime
}

// since is the use between an earlier reading and now.
func (t cpuTicks) since(ok bool) cpuUse {
	now, ok2 := readTicks()
	if !ok || !ok2 || now.all <= t.all {
		return cpuUse{}
	}
	cpus := float64(runtime.NumCPU())
	span := float64(now.all - t.all)
	busy := float64((now.all - now.idle) - (t.all - t.idle))
	var pg uint64
	for p, n := range now.postgres {
		pg += n - min(n, t.postgres[p]) // a pid not seen before counts whole
	}
	u := cpuUse{
		self:     cpus * float64(now.self-t.self) / span,
		postgres: cpus * float64(pg) / span,
		ok:       true,
	}
	u.other = max(0, cpus*busy/span-u.self-u.postgres)
	return u
}

func (u cpuUse) String() string {
	if !u.ok {
		return "CPU use unknown"
	}
	return fmt.Sprintf("CPUs busy: this process %.2f, postgres %.2f, other processes %.2f", u.self, u.postgres, u.other)
}
