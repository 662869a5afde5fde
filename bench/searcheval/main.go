// Command searcheval measures search quality with known-item queries over
// the real papers in testdata/: for each query the paper it means is
// known, and the harness reports MRR@10, Recall@10 and the share of
// queries that found nothing, per kind of query, for the project's search
// and for a SQLite FTS5 baseline (porter stemmer, bm25, any word) in the
// same run. See issue 11 and docs/SEARCH-QUALITY.md.
//
//	go run ./bench/searcheval                      # SQLite, every kind
//	go run ./bench/searcheval -kinds title,forms -json
//	go run ./bench/searcheval -db postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable
//	go run ./bench/searcheval -regen               # rewrite the generated query file
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "searcheval:", err)
		os.Exit(1)
	}
}
