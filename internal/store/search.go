package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/search"
)

// SearchQuery is a full-text search. Text is whatever a reader typed, in
// the query language search.Parse reads: it is never a syntax error. Papers
// need not have every word: they are ranked by how well they match.
type SearchQuery struct {
	Text       string
	Categories []string // any of these (primary or cross-list); empty: all
	From, To   string   // first publication, inclusive days (YYYY-MM-DD); empty: unbounded
	// FeedFrom and FeedTo keep the papers on the feed on a day between them
	// (inclusive, YYYY-MM-DD; empty: unbounded): a week's or a month's page
	// searched within. Either set leaves out papers never on the feed.
	FeedFrom, FeedTo string
	Limit            int // default 20, at most 100
	Offset           int
	// AnyWord says the text is a bag of words, never a title: similar
	// papers search by a title's words and keywords.
	AnyWord bool
	// Exclude leaves this paper out.
	Exclude string
	// Sort is SortRelevance (also when empty or unknown), SortNewest or
	// SortUpvotes. Papers with every word come first whatever the order.
	Sort string
	// Count asks for every match to be counted (up to search.MaxCounted),
	// which reads more candidates than ranking a page needs; without it
	// the result's Total counts those read, a lower bound when more were
	// left.
	Count bool
}

// The orders of search results.
const (
	SortRelevance = search.SortRelevance
	SortNewest    = search.SortNewest
	SortUpvotes   = search.SortUpvotes
)

// SearchResult is a page of hits and how many papers matched the search.
type SearchResult struct {
	Hits []SearchHit
	// Total is how many papers matched: those passing the filters with a
	// word of the query (and every phrase it requires, none it excludes).
	// TotalIsLowerBound says the search stopped counting at a cap, so that
	// more may match.
	Total             int
	TotalIsLowerBound bool
	// Also is what the search also looked for: the long form of an
	// abbreviation typed, the abbreviation of a long form.
	Also []search.Expansion
}

// SearchHit is one paper found, with its feed entry when it is on a day.
type SearchHit struct {
	Paper paper.Paper
	Entry *DayEntry
	// Terms are the words of the query, for highlighting.
	Terms []string
}

// MaxQueryLen is the longest query text, in bytes, that is searched for and
// shown: twice the 250 characters a query may mean, and short enough that a
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

// Search finds papers: an arXiv id or URL finds its paper; otherwise exact
// title matches come first, then the best matches (searchBest).
func (s *Store) Search(ctx context.Context, q SearchQuery) (SearchResult, error) {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	// PostgreSQL refuses NUL and invalid UTF-8 in text parameters, and
	// SQLite an expression of thousands of categories.
	q.Text, q.Categories = CleanQuery(q.Text), searchCategories(q.Categories)
	q.Limit = min(q.Limit, 100)
	q.Offset = max(q.Offset, 0)
	if q.Sort != SortNewest && q.Sort != SortUpvotes {
		q.Sort = SortRelevance
	}
	if res, ok, err := s.searchArxivID(ctx, q); err != nil || ok {
		return res, err
	}
	pq := search.Parse(q.Text)
	filters, fargs := searchFilters(q, &pq)
	if !pq.HasWords() {
		if filters == "" || pq.Excludes() {
			return SearchResult{}, nil
		}
		return s.searchFiltered(ctx, q, filters, fargs)
	}
	var exact []paper.Paper
	if pq.Plain() && !q.AnyWord && q.Offset == 0 && q.Sort == SortRelevance {
		var err error
		exact, err = s.exactTitle(ctx, normalizeTitle(q.Text), filters, fargs)
		if err != nil {
			return SearchResult{}, fmt.Errorf("Search(%q): %w", q.Text, err)
		}
	}
	opt := search.Options{Order: q.Sort, N: q.Offset + q.Limit + len(exact), Count: q.Count, Unfiltered: filters == ""}
	ranked, res, err := s.searchBest(ctx, &pq, opt, filters, fargs)
	if err != nil {
		return SearchResult{}, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	// Exact titles the engine did not rank (it ranks most of them) are
	// matches too.
	total := max(res.Total, len(mergeHits(exact, ranked, 0, len(exact)+len(ranked))))
	hits, err := s.hitsOf(ctx, mergeHits(exact, ranked, q.Offset, q.Limit), pq.Words())
	return SearchResult{Hits: hits, Total: total, TotalIsLowerBound: res.TotalIsLowerBound, Also: res.Also}, err
}

// searchArxivID finds the paper when the query is an arXiv id or URL in
// any form arxivid parses, and says whether it did.
func (s *Store) searchArxivID(ctx context.Context, q SearchQuery) (SearchResult, bool, error) {
	id, ok := search.ArxivID(q.Text)
	if !ok || q.Offset > 0 || id == q.Exclude {
		return SearchResult{}, false, nil
	}
	p, err := s.GetPaper(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		return SearchResult{}, false, nil
	}
	if err != nil {
		return SearchResult{}, false, fmt.Errorf("Search(%q): %w", q.Text, err)
	}
	hits, err := s.hitsOf(ctx, []paper.Paper{p}, nil)
	return SearchResult{Hits: hits, Total: 1}, true, err
}

// hitsOf makes hits of papers found, with their feed entries.
func (s *Store) hitsOf(ctx context.Context, found []paper.Paper, terms []string) ([]SearchHit, error) {
	hits := make([]SearchHit, len(found))
	ids := make([]string, len(found))
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

// searchFilters turns the query's filters, and those typed in its text
// (cat:, year:), into SQL on papers p.
func searchFilters(q SearchQuery, pq *search.Query) (string, []any) {
	var where []string
	var args []any
	if q.Exclude != "" {
		where, args = append(where, "p.id <> ?"), append(args, q.Exclude)
	}
	for _, cats := range [][]string{q.Categories, searchCategories(pq.Categories())} {
		if len(cats) == 0 {
			continue
		}
		var ors []string
		for _, c := range cats {
			// categories is a JSON list of quoted names.
			ors = append(ors, `p.categories LIKE ? ESCAPE '\'`)
			args = append(args, `%"`+escapeLike(c)+`"%`)
		}
		where = append(where, "("+strings.Join(ors, " OR ")+")")
	}
	if q.FeedFrom != "" || q.FeedTo != "" {
		// daily_entries holds one row a paper, so the day decides alone.
		feed := []string{"e.paper_id = p.id"}
		if q.FeedFrom != "" {
			feed, args = append(feed, "e.day >= ?"), append(args, q.FeedFrom)
		}
		if q.FeedTo != "" {
			feed, args = append(feed, "e.day <= ?"), append(args, q.FeedTo)
		}
		where = append(where, "EXISTS (SELECT 1 FROM daily_entries e WHERE "+strings.Join(feed, " AND ")+")")
	}
	from, to := pq.Days(q.From, q.To)
	// The bounds are times, bound as the stored times were written: SQLite
	// compares them as text, and a bound written another way ("T" where the
	// driver writes a space) moved the range by a day there.
	if t, ok := dayStart(from); ok {
		where, args = append(where, "p.published_at >= ?"), append(args, t)
	}
	if t, ok := dayStart(to); ok {
		where, args = append(where, "p.published_at < ?"), append(args, t.AddDate(0, 0, 1))
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
	return scanPapers(rows)
}

// scanPapers reads the papers of rows (paperColumns) and closes them.
func scanPapers(rows *sql.Rows) ([]paper.Paper, error) {
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
	list, err := listParam(s.d, ids)
	if err != nil {
		return err
	}
	rows, err := s.stmts.query(ctx, s.r, s.d.rebind(entrySelect+`
		WHERE e.paper_id `+s.d.inParam("text")), list)
	if err != nil {
		return fmt.Errorf("search entries: %w", err)
	}
	es, err := scanEntries(rows)
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

func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`, `"`, ``).Replace(s)
}
