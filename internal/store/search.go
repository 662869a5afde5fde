package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

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

// MaxQueryLen is the longest query text, in bytes, that is searched for and
// shown: far more than maxQueryTerms words need, and short enough that a
// page showing the query back (in its title, its forms and its feed links)
// stays small however long the address that asked was.
const MaxQueryLen = 500

// maxCategories bounds the categories one search filters by (arXiv has
// about 150): each is a condition of the query.
const maxCategories = 20

// CleanQuery is what a reader typed as a search, as every surface searches
// for it and shows it back: valid UTF-8 without control characters (a NUL
// byte or a broken sequence can reach no database), without surrounding
// spaces, and cut to MaxQueryLen at a character boundary.
func CleanQuery(s string) string {
	s = strings.ToValidUTF8(s[:min(len(s), 4*MaxQueryLen)], " ")
	s = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s))
	if len(s) <= MaxQueryLen {
		return s
	}
	cut := MaxQueryLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSpace(s[:cut])
}

// searchCategories are the distinct categories of a query, cleaned as
// query text is, at most maxCategories of them.
func searchCategories(cs []string) []string {
	var out []string
	for _, c := range cs {
		if c = CleanQuery(c); c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
		if len(out) == maxCategories {
			break
		}
	}
	return out
}

// Search finds papers: exact title matches first, then by relevance, title
// matches ranking above author and abstract matches. Relevance is ranked
// among the newest matches only (see searchCandidates): a word found in a
// fifth of a million papers would otherwise be ranked in full for every
// query, hundreds of milliseconds; a daily-papers reader wants recent papers.
func (s *Store) Search(ctx context.Context, q SearchQuery) ([]SearchHit, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	// PostgreSQL refuses NUL and invalid UTF-8 in text parameters, and
	// SQLite an expression of thousands of categories.
	q.Text, q.Categories = CleanQuery(q.Text), searchCategories(q.Categories)
	q.Limit = min(q.Limit, 100)
	q.Offset = max(q.Offset, 0)
	phrases := parseQuery(q.Text)
	if len(phrases) == 0 {
		return nil, nil
	}
	filters, fargs := searchFilters(q)
	var exact []paper.Paper
	if !q.AnyWord && q.Offset == 0 {
		var err error
		exact, err = s.exactTitle(ctx, normalizeTitle(q.Text), filters, fargs)
		if err != nil {
			return nil, fmt.Errorf("Search(%q): %w", q.Text, err)
		}
	}
	ranked, err := s.searchRanked(ctx, phrases, q.AnyWord, filters, fargs, q.Offset+q.Limit+len(exact))
	if err != nil {
		return nil, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	found := mergeHits(exact, ranked, q.Offset, q.Limit)
	hits := make([]SearchHit, len(found))
	ids := make([]string, len(found))
	terms := flatten(phrases)
	for i, p := range found {
		hits[i], ids[i] = SearchHit{Paper: p, Terms: terms}, p.ID
	}
	return hits, s.attachEntries(ctx, hits, ids)
}

// exactTitle returns up to five papers titled key (see normalizeTitle).
func (s *Store) exactTitle(ctx context.Context, key, filters string, fargs []any) ([]paper.Paper, error) {
	where := `p.title_key = ?`
	args := []any{key}
	if !s.d.titleKeyIndexed() {
		seqs, err := s.exactTitleOwnIndex(ctx, key)
		if err != nil || len(seqs) == 0 {
			return nil, err
		}
		where += ` AND p.seq IN (` + inList(len(seqs)) + `)`
		args = append(args, anySlice(seqs)...)
	}
	return s.queryPapers(ctx, s.r, `SELECT `+prefixed("p.", paperColumns)+` FROM papers p WHERE `+where+filters+
		` ORDER BY p.id LIMIT 5`, append(args, fargs...)...)
}

// searchFilters turns the query's filters into SQL on papers p.
func searchFilters(q SearchQuery) (string, []any) {
	var where []string
	var args []any
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
	if len(where) == 0 {
		return "", nil
	}
	return " AND " + strings.Join(where, " AND "), args
}

// mergeHits puts the exact title matches before the ranked ones, without
// repeats, and cuts the page.
func mergeHits(exact, ranked []paper.Paper, offset, limit int) []paper.Paper {
	seen := make(map[string]bool, len(exact))
	out := append([]paper.Paper(nil), exact...)
	for _, p := range exact {
		seen[p.ID] = true
	}
	for _, p := range ranked {
		if !seen[p.ID] {
			out = append(out, p)
		}
	}
	if offset >= len(out) {
		return nil
	}
	return out[offset:min(offset+limit, len(out))]
}

// queryPapers runs a query selecting paperColumns of papers p, on q: the
// read pool, or the transaction a caller holds (see querier).
func (s *Store) queryPapers(ctx context.Context, q querier, query string, args ...any) ([]paper.Paper, error) {
	rows, err := q.QueryContext(ctx, s.d.rebind(query), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []paper.Paper
	for rows.Next() {
		p, err := scanPaper(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
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
