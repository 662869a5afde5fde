// Package machine describes, for the benchmark harnesses, where their
// numbers were taken: the machine, the code, and how busy the CPUs were.
package machine

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
)

// Describe says where the numbers were taken.
func Describe() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s, %s, load average %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version(), CPUModel(), LoadAverage())
}

// CodeVersion is the commit the binary was built from, as go build stamps
// it, or else (go run stamps nothing) the checkout's HEAD now, with the
// number of files changed since.
func CodeVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok {
		var rev, modified string
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value
			}
		}
		if rev != "" {
			if modified == "true" {
				return rev[:min(12, len(rev))] + " with uncommitted changes (built by go build)"
			}
			return rev[:min(12, len(rev))] + " (built by go build)"
		}
	}
	rev, err := exec.Command("git", "rev-parse", "--short=12", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	changed, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output()
	n := strings.Count(string(changed), "\n")
	return fmt.Sprintf("checkout at %s, %d files changed (go run)", strings.TrimSpace(string(rev)), n)
}

func CPUModel() string {
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

// LoadAverage is the machine's 1-minute load average before the run.
func LoadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "unknown"
}

// Ticks is the CPU time the machine, this process and the PostgreSQL
// server had used at one moment, in clock ticks. On a shared machine other
// work skews the numbers; the report says how much there was.
type Ticks struct {
	all, idle, self uint64
	postgres        map[string]uint64 // by process id
}

// Use is how many CPUs each used on average between two readings.
type Use struct {
	Self, Postgres, Other float64
	OK                    bool
}

// ReadTicks reads the CPU time used so far; false when /proc cannot tell.
func ReadTicks() (Ticks, bool) {
	t := Ticks{postgres: map[string]uint64{}}
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
			t.postgres[filepath.Base(filepath.Dir(p))] = procTicks(p)
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

// Since is the use between an earlier reading and now.
func (t Ticks) Since(ok bool) Use {
	now, ok2 := ReadTicks()
	if !ok || !ok2 || now.all <= t.all {
		return Use{}
	}
	cpus := float64(runtime.NumCPU())
	span := float64(now.all - t.all)
	busy := float64((now.all - now.idle) - (t.all - t.idle))
	u := Use{
		Self:     cpus * float64(now.self-t.self) / span,
		Postgres: cpus * float64(postgresSince(t.postgres, now.postgres)) / span,
		OK:       true,
	}
	u.Other = max(0, cpus*busy/span-u.Self-u.Postgres)
	return u
}

// postgresSince is the ticks the PostgreSQL processes alive at the end used
// since the earlier reading; one that started in between counts whole, and
// one that ended in between is lost.
func postgresSince(before, now map[string]uint64) uint64 {
	var n uint64
	for pid, t := range now {
		if t >= before[pid] {
			n += t - before[pid]
		}
	}
	return n
}

func (u Use) String() string {
	if !u.OK {
		return "CPU use unknown"
	}
	return fmt.Sprintf("CPUs busy: this process %.2f, postgres %.2f, other processes %.2f", u.Self, u.Postgres, u.Other)
}
