package store

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// SearchQuery is a full-text search. Text is whatever a reader typed: it is
// never a syntax error. Words must all appear (in the title, the abstract or
// the authors); "quoted words" must appear together.
type SearchQuery struct {
	Text       string
	Categories []string // any of these (primary or cross-list); empty: all
	From, To   string   // first publication, inclusive days (YYYY-MM-DD); empty: unbounded
	Limit      int      // default 20, at most 100
	Offset     int
	// AnyWord finds papers with any of the words rather than all of them.
	AnyWord bool
	// Exclude leaves this paper out.
	Exclude string
}

// SearchHit is one paper found, with its feed entry when it is on a day.
type SearchHit struct {
	Paper paper.Paper
	Entry *DayEntry
	// Terms are the words of the query, for highlighting.
	Terms []string
}

// maxQueryTerms bounds the work one query can ask for.
const maxQueryTerms = 16

// Search finds papers: an exact title match first, then by relevance, title
// matches ranking above author and abstract matches.
func (s *Store) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	// PostgreSQL refuses NUL and invalid UTF-8 in text parameters.
	q.Text = strings.ReplaceAll(strings.ToValidUTF8(q.Text, " "), "\x00", " ")
	q.Limit = min(q.Limit, 100)
	phrases := parseQuery(q.Text)
	if len(phrases) == 0 {
		return nil, nil
	}
	var where []string
	var args []any
	match, matchArgs := s.d.matchClause(phrases, q.AnyWord)
	where, args = append(where, match), append(args, matchArgs...)
	if q.Exclude != "" {
		where, args = append(where, "p.id <> ?"), append(args, q.Exclude)
	}
	if len(q.Categories) > 0 {
		var ors []string
		for _, c := range q.Categories {
			// categories is a JSON list of quoted names.
			ors = append(ors, `p.categories LIKE ? ESCAPE '\'`)
			args = append(args, `%"`+escapeLike(c)+`"%`)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if q.From != "" {
		where, args = append(where, "p.published_at >= ?"), append(args, q.From+"T00:00:00Z")
	}
	if q.To != "" {
		where, args = append(where, "p.published_at < ?"), append(args, nextDay(q.To)+"T00:00:00Z")
	}
	order, orderArgs := s.d.searchOrder(phrases, q.Text, q.AnyWord)
	args = append(args, orderArgs...)
	query := s.d.searchFrom() + ` WHERE ` + strings.Join(where, " AND ") + ` ORDER BY ` + order +
		fmt.Sprintf(` LIMIT %d OFFSET %d`, q.Limit, max(q.Offset, 0))
	rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT `+prefixed("p.", paperColumns)+query), args...)
	if err != nil {
		return nil, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	defer rows.Close()
	var hits []SearchHit
	var ids []string
	terms := flatten(phrases)
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, fmt.Errorf("Search(%q): %w", q.Text, err)
		}
		hits = append(hits, SearchHit{Paper: p, Terms: terms})
		ids = append(ids, p.ID)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	return hits, s.attachEntries(ctx, hits, ids)
}

// attachEntries adds their feed entries to the hits that have one.
func (s *Store) attachEntries(ctx context.Context, hits []SearchHit, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	query := entrySelect + `
		WHERE e.paper_id IN (` + inList(len(ids)) + `)`
	es, err := s.queryEntries(ctx, query, anySlice(ids)...)
	if err != nil {
		return fmt.Errorf("search entries: %w", err)
	}
	byID := make(map[string]*DayEntry, len(es))
	for i := range es {
		byID[es[i].Paper.ID] = &es[i]
	}
	for i := range hits {
		hits[i].Entry = byID[hits[i].Paper.ID]
	}
	return nil
}

// parseQuery turns what a reader typed into phrases of words: letters and
// digits only, everything else (quotes aside) a separator, so no operator,
// bracket or SQL can reach the search engine. A quoted stretch is one phrase.
func parseQuery(text string) [][]string {
	if len(text) > 1000 {
		text = text[:1000]
	}
	var phrases [][]string
	quoted := false
	for i, part := range strings.Split(text, `"`) {
		if i > 0 {
			quoted = !quoted
		}
		words := strings.FieldsFunc(strings.ToLower(part), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsNumber(r)
		})
		if quoted && len(words) > 1 {
			phrases = append(phrases, words)
			continue
		}
		for _, w := range words {
			phrases = append(phrases, []string{w})
		}
	}
	if len(phrases) > maxQueryTerms {
		phrases = phrases[:maxQueryTerms]
	}
	return phrases
}

func flatten(phrases [][]string) []string {
	var out []string
	for _, p := range phrases {
		out = append(out, p...)
	}
	return out
}

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`, `"`, ``).Replace(s)
}
