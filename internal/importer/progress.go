package importer

import (
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// progress prints "name: N records, R records/s, X% ETA 1m2s" over itself a
// few times a second while an import runs, when given a writer.
type progress struct {
	w       io.Writer
	name    string
	size    int64
	counter *countingReader
	start   time.Time
	records atomic.Int64
	stop    chan struct{}
	wg      sync.WaitGroup
}

func newProgress(w io.Writer, name string, size int64, counter *countingReader) *progress {
	p := &progress{w: w, name: name, size: size, counter: counter, start: time.Now(), stop: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *progress) read() { p.records.Add(1) }

func (p *progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			fmt.Fprint(p.w, "\r\033[K")
			return
		case <-t.C:
			fmt.Fprint(p.w, "\r\033[K"+p.line())
		}
	}
}

func (p *progress) line() string {
	elapsed := time.Since(p.start).Seconds()
	n := p.records.Load()
	rate := float64(n) / max(elapsed, 1e-9)
	s := fmt.Sprintf("%s: %d records, %.0f records/s", p.name, n, rate)
	read := p.counter.n.Load()
	if p.size > 0 && read > 0 {
		frac := min(float64(read)/float64(p.size), 1)
		eta := time.Duration(elapsed*(1-frac)/frac) * time.Second
		s += fmt.Sprintf(", %.0f%%, ETA %s", 100*frac, eta.Round(time.Second))
	}
	return s
}

func (p *progress) done() {
	if p.w == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}
