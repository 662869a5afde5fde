package store

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
)

// The abbreviations the papers define (internal/search/abbrev.go), in the table
// search_abbrevs: each import counts those of the papers whose text it
// indexes, and a search looks its words up there, to search an
// abbreviation's long form too and a long form's abbreviation.

// learnDefinitions counts the abbreviations the papers define, each once a
// paper. A paper whose text changed is counted again: a count is a little
// high rather than read back.
func (s *Store) learnDefinitions(ctx context.Context, tx *sql.Tx, papers []*paper.Paper) error {
	counts := definitionCounts{}
	for _, p := range papers {
		counts.add(p.Title, p.Abstract)
	}
	return s.addDefinitions(ctx, tx, counts)
}

// definitionCounts counts definitions by abbreviation and long form's
// stems, with the words of the first seen: PostgreSQL refuses a statement
// that updates one row twice.
type definitionCounts map[[2]string]*search.Pair

func (c definitionCounts) add(title, abstract string) {
	for _, d := range search.Definitions(title + "\n" + abstract) {
		k := [2]string{d.Short, d.Long}
		if c[k] == nil {
			c[k] = &search.Pair{Definition: d}
		}
		c[k].Papers++
	}
}

// addDefinitions adds counts to the stored ones, in a fixed order.
func (s *Store) addDefinitions(ctx context.Context, tx *sql.Tx, counts definitionCounts) error {
	keys := slices.SortedFunc(maps.Keys(counts), func(a, b [2]string) int {
		return cmp.Or(strings.Compare(a[0], b[0]), strings.Compare(a[1], b[1]))
	})
	return forChunks(keys, 200, func(chunk [][2]string) error {
		args := make([]any, 0, 4*len(chunk))
		for _, k := range chunk {
			p := counts[k]
			args = append(args, p.Short, p.Long, p.Words, p.Papers)
		}
		_, err := tx.ExecContext(ctx, s.d.rebind(`INSERT INTO search_abbrevs (short, long, words, papers) VALUES `+placeholders(len(chunk), 4)+
			` ON CONFLICT (short, long) DO UPDATE SET papers = search_abbrevs.papers + excluded.papers`), args...)
		if err != nil {
			return fmt.Errorf("count abbreviations: %w", err)
		}
		return nil
	})
}

// learnAllDefinitions counts the abbreviations of every stored paper: the
// Go step of migration 15.
func (s *Store) learnAllDefinitions(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT title, abstract FROM papers`)
	if err != nil {
		return fmt.Errorf("count abbreviations: %w", err)
	}
	counts := definitionCounts{}
	for rows.Next() {
		var title, abstract string
		if err := rows.Scan(&title, &abstract); err != nil {
			rows.Close()
			return fmt.Errorf("count abbreviations: %w", err)
		}
		counts.add(title, abstract)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("count abbreviations: %w", err)
	}
	return s.addDefinitions(ctx, tx, counts)
}

// Abbreviations returns the stored pairs whose abbreviation is one of
// shorts or whose long form is one of longs, in the search's snapshot.
func (src *searchSource) Abbreviations(ctx context.Context, shorts, longs []string) ([]search.Pair, error) {
	rows, err := src.tx.QueryContext(ctx, src.s.d.rebind(`SELECT short, long, words, papers FROM search_abbrevs
		WHERE short IN (`+inList(len(shorts)+1)+`) OR long IN (`+inList(len(longs)+1)+`)`),
		slices.Concat(anySlice(shorts), []any{""}, anySlice(longs), []any{""})...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var pairs []search.Pair
	for rows.Next() {
		var p search.Pair
		if err := rows.Scan(&p.Short, &p.Long, &p.Words, &p.Papers); err != nil {
			return nil, err
		}
		pairs = append(pairs, p)
	}
	return pairs, rows.Err()
}
