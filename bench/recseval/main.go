// Command recseval measures similar papers and For you over the real
// papers in testdata/ (issue 12): for held-out arXiv papers, the share of
// the top 5 similar papers that share the paper's primary category and
// their mean plain tf-idf cosine to it; for simulated readers who saved
// papers of one category, precision@20 of their ranking of a month of other
// papers. Each against a plain tf-idf baseline in the same run. See
// docs/RECOMMENDATIONS.md.
//
//	go run ./bench/recseval                 # quality, on the testdata corpus
//	go run ./bench/recseval -scale 100000   # also speed at 100,000 papers
package main

import (
	"context"
	"fmt"
	"os"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "recseval:", err)
		os.Exit(1)
	}
}
