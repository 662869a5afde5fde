package main

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// ftsWeights are the bm25 weights of the baseline's columns: title above
// authors above abstract, as issue 11 asks.
const ftsWeights = "5.0, 3.0, 1.0"

// ftsBaseline is SQLite FTS5 with the porter tokenizer over the same
// papers, in a database of its own in memory: the baseline of issue 11.
type ftsBaseline struct {
	db *sql.DB
}

func newFTSBaseline(ctx context.Context, papers []paper.Paper) (*ftsBaseline, error) {
	db, err := sql.Open("sqlite", "file:searcheval-fts?mode=memory&cache=private")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1) // one connection: the in-memory database lives in it
	b := &ftsBaseline{db: db}
	if err := b.load(ctx, papers); err != nil {
		db.Close()
		return nil, fmt.Errorf("FTS5 baseline: %w", err)
	}
	return b, nil
}

func (b *ftsBaseline) load(ctx context.Context, papers []paper.Paper) error {
	if _, err := b.db.ExecContext(ctx, `CREATE VIRTUAL TABLE docs USING fts5(
		id UNINDEXED, title, authors, abstract, tokenize = 'porter unicode61')`); err != nil {
		return err
	}
	tx, err := b.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO docs (id, title, authors, abstract) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, p := range papers {
		names := make([]string, len(p.Authors))
		for i, a := range p.Authors {
			names[i] = a.Name
		}
		if _, err := ins.ExecContext(ctx, p.ID, p.Title, strings.Join(names, ", "), p.Abstract); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// search returns the ids of the best papers for text, best first: any of
// its words, ranked by bm25 (the smallest value is the best match).
func (b *ftsBaseline) search(ctx context.Context, text string, limit int) ([]string, error) {
	match := ftsMatch(text)
	if match == "" {
		return nil, nil
	}
	rows, err := b.db.QueryContext(ctx, `SELECT id FROM docs WHERE docs MATCH ?
		ORDER BY bm25(docs, 0.0, `+ftsWeights+`) LIMIT ?`, match, limit)
	if err != nil {
		return nil, fmt.Errorf("FTS5 search %q: %w", text, err)
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ftsMatch turns typed text into an FTS5 query that matches any of its
// words: each word quoted (so no word is read as an operator or column
// name), joined by OR.
func ftsMatch(text string) string {
	words := wordsOf(text)
	quoted := make([]string, 0, len(words))
	seen := map[string]bool{}
	for _, w := range words {
		if seen[w] {
			continue
		}
		seen[w] = true
		quoted = append(quoted, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
	}
	return strings.Join(quoted, " OR ")
}

func (b *ftsBaseline) Close() error { return b.db.Close() }
