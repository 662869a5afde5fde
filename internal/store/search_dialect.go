package store

import (
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Search is the project's own engine (package search), the same on both
// databases: it looks words up in its own index (search_index.go,
// search_source.go), never hands a query language to the database, so no
// input can be a syntax error. What differs between the dialects is below.

// assignsSeqs says whether the store gives new papers their seqs, so that
// indexing them needs no query: SQLite's writer is alone, and a seq is a
// rowid. PostgreSQL's come from a sequence.
func (sqliteDialect) assignsSeqs() bool   { return true }
func (postgresDialect) assignsSeqs() bool { return false }

// titleKeyIndexed says whether exact titles are found by an index on
// title_key. SQLite finds them through the search index instead
// (exactTitleOwnIndex): an index of long random keys made a million-paper
// import 40% slower there.
func (sqliteDialect) titleKeyIndexed() bool   { return false }
func (postgresDialect) titleKeyIndexed() bool { return true }

// arrayParams says whether statements take arrays as parameters, which
// lets a search read a group of segments in one round trip (pageReader).
func (sqliteDialect) arrayParams() bool   { return false }
func (postgresDialect) arrayParams() bool { return true }

// normalizeTitle is how a typed query is compared with titles for an exact match.
func normalizeTitle(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// dayStart is the start of a YYYY-MM-DD day, in UTC.
func dayStart(day string) (time.Time, bool) {
	t, err := time.Parse(paper.DayLayout, day)
	return t, err == nil
}

// nextDay returns the day after a YYYY-MM-DD day (itself when unparsable;
// the caller validates days).
func nextDay(day string) string {
	if t, ok := dayStart(day); ok {
		return t.AddDate(0, 0, 1).Format(paper.DayLayout)
	}
	return day
}
