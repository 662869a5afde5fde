package main

import (
	"fmt"
	"io"
	"strings"
)

// report is the output of a run.
type report struct {
	Command string         `json:"command"`
	Machine string         `json:"machine"`
	Code    string         `json:"code"`
	Papers  int            `json:"papers"`
	Records int            `json:"records"`
	Files   int            `json:"files"`
	Elapsed string         `json:"elapsed"`
	Systems []systemResult `json:"systems"`
}

// print writes the results as a Markdown table, one row a query kind and
// one column group a system, then a few misses of each system.
func (r report) print(w io.Writer, kinds []string) {
	fmt.Fprintf(w, "searcheval: %d papers (%d records in %d files); %s; %s; %s\n\n", r.Papers, r.Records, r.Files, r.Machine, r.Code, r.Elapsed)
	fmt.Fprint(w, "| query kind | queries |")
	for _, s := range r.Systems {
		fmt.Fprintf(w, " %s: MRR@10 | R@10 | none |", s.System)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "|---|---:|"+strings.Repeat("---:|---:|---:|", len(r.Systems)))
	for _, k := range kinds {
		if len(r.Systems) == 0 {
			break
		}
		row(w, kindNames[k], r.Systems[0].Kinds[k].Queries, func(s systemResult) score { return s.Kinds[k] }, r.Systems)
	}
	if len(r.Systems) > 0 {
		row(w, "**all**", r.Systems[0].All.Queries, func(s systemResult) score { return s.All }, r.Systems)
	}
	for _, s := range r.Systems {
		if len(s.Misses) == 0 {
			continue
		}
		fmt.Fprintf(w, "\nsome misses of %s:\n", s.System)
		for _, m := range s.Misses {
			fmt.Fprintf(w, "  %-8s %-16s %3d results  %q\n", m.Kind, m.PaperID, m.Results, m.Query)
		}
	}
}

func row(w io.Writer, name string, n int, get func(systemResult) score, systems []systemResult) {
	fmt.Fprintf(w, "| %s | %d |", name, n)
	for _, s := range systems {
		sc := get(s)
		fmt.Fprintf(w, " %.3f | %.3f | %.1f%% |", sc.MRR, sc.Recall, 100*sc.None)
	}
	fmt.Fprintln(w)
}
