// Package profiling starts the Go profilers the benchmark harnesses offer
// behind their -cpuprofile and -trace flags.
package profiling

import (
	"io"
	"os"
	"runtime/pprof"
	"runtime/trace"
)

// CPU starts the CPU profiler writing to path, if there is one, and
// returns what stops it.
func CPU(path string) (stop func(), err error) {
	return to(path, pprof.StartCPUProfile, pprof.StopCPUProfile)
}

// Trace starts the execution tracer writing to path, if there is one, and
// returns what stops it.
func Trace(path string) (stop func(), err error) {
	return to(path, trace.Start, trace.Stop)
}

func to(path string, start func(io.Writer) error, end func()) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { end(); f.Close() }, nil
}
