package usertext

import "strings"

// maxTableCells bounds the cells a comment's tables may have. goldmark pads
// every row of a table to the width of its header, so a header of 1,500
// columns above 1,000 one-character rows becomes 1.5 million cells: 20 MB
// of HTML from 10 KB of input, and seconds of work. Real tables in comments
// have tens of cells.
const maxTableCells = 5000

// tableCellsBound returns an upper bound on the cells goldmark would make
// of the tables in markdown, found without parsing it: for each line that
// could be a table's delimiter row ("|---|:--:|"), its cells times the
// lines from the header down. Padding happens while parsing, so this is
// checked before, and comments over the limit are parsed without tables.
func tableCellsBound(markdown string) int {
	lines := strings.Split(markdown, "\n")
	bound := 0
	for i, line := range lines {
		if !isDelimiterRow(line) {
			continue
		}
		cols := strings.Count(line, "|") + 1
		rows := len(lines) - i + 1 // the header row, and every line below
		bound = max(bound, cols*rows)
	}
	return bound
}

// isDelimiterRow reports whether line could be a table's delimiter row:
// pipes, dashes, colons and spaces, with at least one dash, perhaps after
// the markers of the blockquotes and list items it sits in ("> 1. ").
func isDelimiterRow(line string) bool {
	return strings.Contains(line, "-") && strings.Trim(line, "|-: \t\r>*+.)0123456789") == ""
}
