// Package testcorpus lists the project's recorded record files (testdata/)
// that the quality harnesses import as their corpus.
package testcorpus

import (
	"io/fs"
	"path/filepath"
	"regexp"
	"sort"
)

// hfDay is the feed day in a Hugging Face day file's name.
var hfDay = regexp.MustCompile(`(\d{4}-\d{2}-\d{2})\.json$`)

// FeedDay returns the feed day a Hugging Face day file's name gives, or "".
func FeedDay(path string) string {
	if m := hfDay.FindStringSubmatch(path); m != nil {
		return m[1]
	}
	return ""
}

// Files lists the record files under dir, sorted: every XML, JSON and JSON
// Lines file except the JSON wrappers of recorded API answers (raw-json),
// whose bodies sit beside them as XML.
func Files(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if d.Name() == "raw-json" {
				return filepath.SkipDir
			}
			return nil
		}
		switch filepath.Ext(path) {
		case ".xml", ".json", ".jsonl":
			files = append(files, path)
		}
		return nil
	})
	sort.Strings(files)
	return files, err
}
