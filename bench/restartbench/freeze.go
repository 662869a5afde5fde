package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// clusterPids returns the PostgreSQL server of the data directory and its
// children: the processes to freeze, as a hung machine would.
func clusterPids(pgdata string) ([]int, error) {
	b, err := os.ReadFile(filepath.Join(pgdata, "postmaster.pid"))
	if err != nil {
		return nil, err
	}
	first, _, _ := strings.Cut(string(b), "\n")
	pm, err := strconv.Atoi(strings.TrimSpace(first))
	if err != nil {
		return nil, fmt.Errorf("postmaster.pid: %w", err)
	}
	pids := []int{pm}
	dirs, _ := filepath.Glob("/proc/[0-9]*/stat")
	for _, d := range dirs {
		stat, err := os.ReadFile(d)
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ")".
		_, rest, ok := strings.Cut(string(stat), ") ")
		f := strings.Fields(rest)
		if !ok || len(f) < 2 {
			continue
		}
		if ppid, _ := strconv.Atoi(f[1]); ppid == pm {
			pid, _ := strconv.Atoi(filepath.Base(filepath.Dir(d)))
			pids = append(pids, pid)
		}
	}
	return pids, nil
}

// signal sends sig to every pid, and says which it could not reach.
func signal(pids []int, sig syscall.Signal) error {
	var failed []string
	for _, p := range pids {
		if err := syscall.Kill(p, sig); err != nil {
			failed = append(failed, fmt.Sprintf("%d: %v", p, err))
		}
	}
	if len(failed) > 0 {
		return fmt.Errorf("signal %v: %s", sig, strings.Join(failed, ", "))
	}
	return nil
}
