package store

import (
	"context"
	"database/sql"
	"fmt"
	"maps"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Item is one imported record: a paper, and for sources that have them its
// feed entry and submitter.
type Item struct {
	Paper     paper.Paper
	Entry     *paper.Entry
	Submitter *paper.User
}

// ImportCounts says what an import did to each item.
type ImportCounts struct {
	New       int `json:"new"`
	Updated   int `json:"updated"`
	Unchanged int `json:"unchanged"`
}

// Add adds c2 to c.
func (c *ImportCounts) Add(c2 ImportCounts) {
	c.New += c2.New
	c.Updated += c2.Updated
	c.Unchanged += c2.Unchanged
}

// Import merges a batch of items into the store in one transaction: either
// every item of the batch is stored or none is. An item whose paper was not
// stored counts as new; one that changed the paper or its entry counts as
// updated. Submitters' profiles are refreshed without counting.
func (s *Store) Import(ctx context.Context, items []Item) (ImportCounts, error) {
	return s.ImportPrepared(ctx, items, nil)
}

// ImportPrepared is Import with the search index of items made beforehand
// by PrepareSearch (nil: Import does it).
func (s *Store) ImportPrepared(ctx context.Context, items []Item, prep *PreparedSearch) (ImportCounts, error) {
	var counts ImportCounts
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		counts, err = s.importTx(ctx, tx, items, prep)
		return err
	})
	if err != nil {
		return ImportCounts{}, fmt.Errorf("import %d records: %w", len(items), err)
	}
	return counts, nil
}

func (s *Store) importTx(ctx context.Context, tx *sql.Tx, items []Item, prep *PreparedSearch) (ImportCounts, error) {
	// Merging reads a paper, then writes it: two imports of the same paper at
	// once must not both read the old row. SQLite's BEGIN IMMEDIATE already
	// serialises writers; PostgreSQL takes a lock held until commit.
	if s.d.name() == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/imports'))`); err != nil {
			return ImportCounts{}, fmt.Errorf("lock imports: %w", err)
		}
	}
	ids := make([]string, 0, len(items))
	seen := make(map[string]bool, len(items))
	for _, it := range items {
		if it.Paper.ID == "" {
			return ImportCounts{}, fmt.Errorf("a record without an id: %w", paper.ErrInvalid)
		}
		if !seen[it.Paper.ID] {
			seen[it.Paper.ID] = true
			ids = append(ids, it.Paper.ID)
		}
	}
	stored, err := s.papersByID(ctx, tx, ids)
	if err != nil {
		return ImportCounts{}, err
	}
	papers := maps.Clone(stored)
	entries, err := s.entriesByPaper(ctx, tx, ids)
	if err != nil {
		return ImportCounts{}, err
	}
	var counts ImportCounts
	changedPapers := map[string]bool{}
	changedEntries := map[string]bool{}
	users := map[string]paper.User{}
	for _, it := range items {
		id := it.Paper.ID
		merged, changed := paper.Merge(papers[id], it.Paper)
		isNew := papers[id] == nil
		papers[id] = &merged
		changedPapers[id] = changedPapers[id] || changed
		if it.Entry != nil {
			e := *it.Entry
			e.PaperID = id
			m, ch := paper.MergeEntry(entries[id], e)
			entries[id] = &m
			changedEntries[id] = changedEntries[id] || ch
			changed = changed || ch
		}
		if it.Submitter != nil && it.Submitter.Name != "" {
			prev, ok := users[it.Submitter.Name]
			if !ok {
				prev = *it.Submitter
			}
			users[it.Submitter.Name], _ = paper.MergeUser(&prev, *it.Submitter)
		}
		switch {
		case isNew:
			counts.New++
		case changed:
			counts.Updated++
		default:
			counts.Unchanged++
		}
	}
	changed := changedList(ids, papers, changedPapers)
	seqs, err := s.writePapers(ctx, tx, changed, stored)
	if err != nil {
		return counts, err
	}
	if err := s.indexSearch(ctx, tx, items, prep, stored, changed, seqs); err != nil {
		return counts, err
	}
	if err := s.indexVectors(ctx, tx, stored, changed, seqs); err != nil {
		return counts, err
	}
	userIDs, err := s.upsertUsers(ctx, tx, users)
	if err != nil {
		return counts, err
	}
	var es []paper.Entry
	var missing []string // submitters kept from the stored entries, not in this batch
	for _, id := range ids {
		if changedEntries[id] {
			e := *entries[id]
			es = append(es, e)
			if _, ok := userIDs[e.Submitter]; !ok && e.Submitter != "" {
				missing = append(missing, e.Submitter)
			}
		}
	}
	if len(missing) > 0 {
		more, err := s.hfUserIDs(ctx, tx, missing)
		if err != nil {
			return counts, err
		}
		maps.Copy(userIDs, more)
	}
	if err := s.writeEntries(ctx, tx, es, userIDs); err != nil {
		return counts, err
	}
	if counts.New+counts.Updated > 0 {
		return counts, s.bumpVersion(ctx, tx)
	}
	return counts, nil
}

// changedList lists the changed papers in the order of ids.
func changedList(ids []string, papers map[string]*paper.Paper, changed map[string]bool) []paper.Paper {
	var ps []paper.Paper
	for _, id := range ids {
		if changed[id] {
			ps = append(ps, *papers[id])
		}
	}
	return ps
}
