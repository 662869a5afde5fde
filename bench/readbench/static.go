package main

import (
	"net/http"
	"os"
)

// The minimal server: the same bytes from memory, the fastest a Go HTTP
// server answers on this machine. It runs as a child process, as
// dailypapers does, so both compete with the load generator alike.
const (
	staticEnv     = "READBENCH_STATIC_FILE"
	staticAddrEnv = "READBENCH_STATIC_ADDR"
	staticTypeEnv = "READBENCH_STATIC_TYPE"
)

func serveStatic() {
	body, err := os.ReadFile(os.Getenv(staticEnv))
	if err != nil {
		os.Exit(1)
	}
	ctype := os.Getenv(staticTypeEnv)
	http.ListenAndServe(os.Getenv(staticAddrEnv), http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.Write(body)
	}))
}
