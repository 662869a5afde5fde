// Package search is the project's own search engine, the same on both
// databases: it splits text into words, folds and stems them (Stem), and
// keeps, for each word, the papers that use it, in pages of postings that
// the store writes as a few rows per batch of papers.
//
// It replaces FTS5, whose indexing took three fifths of a bulk import's time:
// here the words are found in Go, on the importer's parsing goroutine, and a
// batch of 5,000 papers becomes about fifty rows instead of a segment merged
// inside SQLite.
package search
