package main

import (
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memPeak is the most memory a phase used: the Go heap in use and the
// memory the Go runtime had from the system, sampled, and the process's
// resident set, both sampled and as the kernel's high-water mark.
type memPeak struct {
	heapInuse, sys uint64 // bytes, the largest sampled
	rss            uint64 // bytes, the largest VmRSS sampled
	hwm            uint64 // bytes, VmHWM at the end of the phase
	hwmOwn         bool   // the mark was reset at the phase's start, so it is the phase's own
}

// sampleEvery is how often the sampler reads the memory figures;
// ReadMemStats stops the world, briefly, each time.
const sampleEvery = 50 * time.Millisecond

type sampler struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak memPeak
}

// startSampler resets the kernel's resident high-water mark (writing 5 to
// /proc/self/clear_refs; it may be refused) and samples until stop.
func startSampler() *sampler {
	s := &sampler{done: make(chan struct{})}
	s.peak.hwmOwn = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
	s.sample()
	s.wg.Go(func() {
		t := time.NewTicker(sampleEvery)
		defer t.Stop()
		for {
			select {
			case <-s.done:
				return
			case <-t.C:
				s.sample()
			}
		}
	})
	return s
}

func (s *sampler) sample() {
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	rss, _ := procStatus("VmRSS")
	s.mu.Lock()
	defer s.mu.Unlock()
	s.peak.heapInuse = max(s.peak.heapInuse, ms.HeapInuse)
	s.peak.sys = max(s.peak.sys, ms.Sys)
	s.peak.rss = max(s.peak.rss, rss)
}

func (s *sampler) stop() memPeak {
	close(s.done)
	s.wg.Wait()
	s.sample()
	s.peak.hwm, _ = procStatus("VmHWM")
	return s.peak
}

// procStatus reads a size from /proc/self/status, in bytes.
func procStatus(key string) (uint64, bool) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, false
	}
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || k != key {
			continue
		}
		f := strings.Fields(v) // "123456 kB"
		if len(f) != 2 || f[1] != "kB" {
			return 0, false
		}
		n, err := strconv.ParseUint(f[0], 10, 64)
		return n * 1024, err == nil
	}
	return 0, false
}
