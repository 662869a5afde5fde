package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// paperColumns are the columns of papers that map to paper.Paper, in the
// order paperArgs writes them and scanPaper reads them.
const paperColumns = `id, version, title, abstract, authors, primary_category, categories, comments,
	journal_ref, dois, report_no, acm_class, msc_class, license, arxiv_submitter, versions, withdrawn,
	published_at, updated_at, github_repo, github_stars, project_page, ai_summary, ai_keywords, field_ranks`

// paperColumnCount is the number of names in paperColumns.
var paperColumnCount = strings.Count(paperColumns, ",") + 1

// HasPaper reports whether the store has a paper, without reading it.
func (s *Store) HasPaper(ctx context.Context, id string) (bool, error) {
	var one int
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT 1 FROM papers WHERE id = ?`), id).Scan(&one)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("HasPaper(%q): %w", id, err)
	}
	return true, nil
}

// GetPaper returns the paper with the canonical id, or an error wrapping
// paper.ErrNotFound.
func (s *Store) GetPaper(ctx context.Context, id string) (paper.Paper, error) {
	row := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+paperColumns+` FROM papers WHERE id = ?`), id)
	p, err := scanPaper(row)
	if errors.Is(err, sql.ErrNoRows) {
		return paper.Paper{}, fmt.Errorf("GetPaper(%q): %w", id, paper.ErrNotFound)
	}
	if err != nil {
		return paper.Paper{}, fmt.Errorf("GetPaper(%q): %w", id, err)
	}
	return p, nil
}

// papersByID loads the stored papers among ids, in a transaction.
func (s *Store) papersByID(ctx context.Context, tx *sql.Tx, ids []string) (map[string]*paper.Paper, error) {
	out := make(map[string]*paper.Paper, len(ids))
	err := forChunks(ids, s.d.maxParams(), func(chunk []string) error {
		q := `SELECT ` + paperColumns + ` FROM papers WHERE id IN (` + inList(len(chunk)) + `)`
		rows, err := tx.QueryContext(ctx, s.d.rebind(q), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			p, err := scanPaper(rows)
			if err != nil {
				return err
			}
			out[p.ID] = &p
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load papers: %w", err)
	}
	return out, nil
}

// writePapers writes whole papers, several rows a statement: the ones not
// stored yet (stored[id] is nil) with the dialect's bulk INSERT, the others
// with an upsert. Where the store assigns seqs (SQLite) the new papers are
// given theirs here, which it returns, so that indexing them needs no query.
func (s *Store) writePapers(ctx context.Context, tx *sql.Tx, ps []paper.Paper, stored map[string]*paper.Paper) (map[string]int64, error) {
	var fresh, known []paper.Paper
	for _, p := range ps {
		if stored[p.ID] == nil {
			fresh = append(fresh, p)
		} else {
			known = append(known, p)
		}
	}
	var seqs map[string]int64
	firstSeq := int64(0)
	if s.d.assignsSeqs() && len(fresh) > 0 {
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) + 1 FROM papers`).Scan(&firstSeq); err != nil {
			return nil, fmt.Errorf("write papers: %w", err)
		}
		seqs = make(map[string]int64, len(fresh))
		for i, p := range fresh {
			seqs[p.ID] = firstSeq + int64(i)
		}
	}
	if err := s.insertPapers(ctx, tx, fresh, s.d.bulkInsert(), "", firstSeq); err != nil {
		return nil, err
	}
	return seqs, s.insertPapers(ctx, tx, known, "INSERT INTO", ` ON CONFLICT (id) DO UPDATE SET `+paperUpdateSet, 0)
}

// insertPapers writes ps with statements that begin with insert and end
// with onConflict; with firstSeq above zero, ps get seqs from it up.
func (s *Store) insertPapers(ctx context.Context, tx *sql.Tx, ps []paper.Paper, insert, onConflict string, firstSeq int64) error {
	columns := paperColumns + `, authors_text, title_key, created_at, modified_at`
	extra := 4
	if firstSeq > 0 {
		columns, extra = columns+`, seq`, extra+1
	}
	perStmt := min(200, s.d.maxParams()/(paperColumnCount+extra))
	now := s.now().UTC()
	written := 0
	// A statement of 200 rows has 6,000 placeholders: preparing it anew for
	// every chunk was a fifth of a bulk import's writing.
	var full *sql.Stmt
	defer func() {
		if full != nil {
			full.Close()
		}
	}()
	return forChunks(ps, perStmt, func(chunk []paper.Paper) error {
		args := make([]any, 0, len(chunk)*(paperColumnCount+extra))
		for i := range chunk {
			pa, err := paperArgs(&chunk[i])
			if err != nil {
				return fmt.Errorf("write paper %s: %w", chunk[i].ID, err)
			}
			args = append(args, pa...)
			args = append(args, authorsText(chunk[i].Authors), normalizeTitle(chunk[i].Title), now, now)
			if firstSeq > 0 {
				args = append(args, firstSeq+int64(written))
			}
			written++
		}
		q := s.d.rebind(insert + ` papers (` + columns + `) VALUES ` +
			placeholders(len(chunk), paperColumnCount+extra) + onConflict)
		var err error
		switch {
		case len(chunk) < perStmt:
			_, err = tx.ExecContext(ctx, q, args...)
		case full == nil:
			if full, err = tx.PrepareContext(ctx, q); err == nil {
				_, err = full.ExecContext(ctx, args...)
			}
		default:
			_, err = full.ExecContext(ctx, args...)
		}
		if err != nil {
			return fmt.Errorf("write papers: %w", err)
		}
		return nil
	})
}

// paperUpdateSet replaces every column but id and created_at on conflict.
var paperUpdateSet = func() string {
	var sets []string
	for _, c := range strings.Split(paperColumns, ",") {
		c = strings.TrimSpace(c)
		if c != "id" {
			sets = append(sets, c+" = excluded."+c)
		}
	}
	return strings.Join(append(sets, "authors_text = excluded.authors_text", "title_key = excluded.title_key", "modified_at = excluded.modified_at"), ", ")
}()

func paperArgs(p *paper.Paper) ([]any, error) {
	var lists [6]string
	for i, v := range []any{p.Authors, p.Categories, p.DOIs, p.Versions, p.AIKeywords, p.FieldRanks} {
		b, err := marshalList(v)
		if err != nil {
			return nil, err
		}
		lists[i] = b
	}
	return []any{p.ID, p.Version, p.Title, p.Abstract, lists[0], p.PrimaryCategory, lists[1], p.Comments,
		p.JournalRef, lists[2], p.ReportNo, p.ACMClass, p.MSCClass, p.License, p.Submitter, lists[3], p.Withdrawn,
		nullTime(p.PublishedAt), nullTime(p.UpdatedAt), p.GitHubRepo, p.GitHubStars, p.ProjectPage, p.AISummary, lists[4], lists[5]}, nil
}

// authorsText is what search indexes of the authors: their names.
func authorsText(as []paper.Author) string {
	names := make([]string, len(as))
	for i, a := range as {
		names[i] = a.Name
	}
	return strings.Join(names, ", ")
}

// scanner is a *sql.Row or *sql.Rows.
type scanner interface{ Scan(dest ...any) error }

func scanPaper(sc scanner) (paper.Paper, error) {
	var r paperRow
	if err := sc.Scan(r.dest()...); err != nil {
		return paper.Paper{}, err
	}
	return r.paper()
}

// paperRow receives the paperColumns of one row.
type paperRow struct {
	p                                                    paper.Paper
	authors, categories, dois, versions, keywords, ranks string
	published, updated                                   sql.NullTime
}

func (r *paperRow) dest() []any {
	p := &r.p
	return []any{&p.ID, &p.Version, &p.Title, &p.Abstract, &r.authors, &p.PrimaryCategory, &r.categories, &p.Comments,
		&p.JournalRef, &r.dois, &p.ReportNo, &p.ACMClass, &p.MSCClass, &p.License, &p.Submitter, &r.versions, &p.Withdrawn,
		&r.published, &r.updated, &p.GitHubRepo, &p.GitHubStars, &p.ProjectPage, &p.AISummary, &r.keywords, &r.ranks}
}

func (r *paperRow) paper() (paper.Paper, error) {
	p := r.p
	for _, f := range []struct {
		src string
		dst any
	}{{r.authors, &p.Authors}, {r.categories, &p.Categories}, {r.dois, &p.DOIs}, {r.versions, &p.Versions}, {r.keywords, &p.AIKeywords}, {r.ranks, &p.FieldRanks}} {
		if err := json.Unmarshal([]byte(f.src), f.dst); err != nil {
			return p, fmt.Errorf("paper %s: decode list: %w", p.ID, err)
		}
	}
	p.PublishedAt, p.UpdatedAt = r.published.Time, r.updated.Time
	p.Normalize()
	return p, nil
}

// prefixed qualifies every column of a comma-separated list with a table alias.
func prefixed(alias, columns string) string {
	cols := strings.Split(columns, ",")
	for i, c := range cols {
		cols[i] = alias + strings.TrimSpace(c)
	}
	return strings.Join(cols, ", ")
}

func marshalList(v any) (string, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return "", err
	}
	if string(b) == "null" {
		if _, isMap := v.(map[string]paper.Rank); isMap {
			return "{}", nil
		}
		return "[]", nil
	}
	return string(b), nil
}

func nullTime(t time.Time) sql.NullTime {
	if t.IsZero() {
		return sql.NullTime{}
	}
	return sql.NullTime{Time: t.UTC(), Valid: true}
}

// inList returns "?,?,?" for n values.
func inList(n int) string { return strings.TrimSuffix(strings.Repeat("?,", n), ",") }

func anySlice[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// forChunks calls fn on consecutive pieces of xs of at most n elements.
func forChunks[T any](xs []T, n int, fn func([]T) error) error {
	for start := 0; start < len(xs); start += n {
		if err := fn(xs[start:min(start+n, len(xs))]); err != nil {
			return err
		}
	}
	return nil
}
