// Package sampledata ships a few real days of Hugging Face daily papers in
// the binary, so that a new site has pages worth looking at before its first
// import (`dailypapers serve --demo`). The files are real /api/daily_papers
// responses; see testdata/SOURCES.md for where they come from.
package sampledata

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed hf/*.json
var files embed.FS

// Day is one embedded response and the feed day it was requested for.
type Day struct {
	Date string
	Name string
}

// Days lists the embedded days, oldest first.
func Days() []Day {
	entries, _ := fs.ReadDir(files, "hf")
	var days []Day
	for _, e := range entries {
		date := strings.TrimSuffix(strings.TrimPrefix(e.Name(), "daily_papers-"), ".json")
		days = append(days, Day{Date: date, Name: "hf/" + e.Name()})
	}
	return days
}

// Open opens an embedded file by the Name of its Day.
func Open(name string) (fs.File, error) { return files.Open(name) }
