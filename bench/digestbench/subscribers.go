package main

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// topics are what every third subscriber follows, in turn. The sample days
// come from Hugging Face, whose papers carry no arXiv categories, so only
// the keywords find picks; the categories are there to be matched anyway.
var topics = []struct{ categories, keywords string }{
	{`["cs.CL"]`, `[]`},
	{`[]`, `["agent"]`},
	{`["cs.LG"]`, `["reinforcement learning"]`},
	{`[]`, `["diffusion","video"]`},
	{`[]`, `["benchmark"]`},
	{`["cs.CV"]`, `[]`},
}

// subscriberRows is how many subscribers one INSERT writes (10 columns
// each, well under either database's limit on parameters), and txRows how
// many one transaction commits.
const (
	subscriberRows = 500
	txRows         = 10_000
)

// addSubscribers inserts n active daily subscribers straight into the
// table, as if each had confirmed: the subscribe path is not measured.
func (b *bench) addSubscribers(ctx context.Context, n int) error {
	db, err := b.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	now := time.Now().UTC()
	for start := 0; start < n; start += txRows {
		if err := b.insertRange(ctx, db, start, min(n, start+txRows), now); err != nil {
			return fmt.Errorf("insert subscribers: %w", err)
		}
	}
	b.subs = n
	b.topical = (n + 2) / 3
	return nil
}

// rawDB opens the database beside the store, for bulk writes and checks.
func (b *bench) rawDB() (*sql.DB, error) {
	if b.db == "sqlite" {
		db, err := sql.Open("sqlite", "file:"+b.dsn+"?_pragma=busy_timeout(10000)&_txlock=immediate")
		if err == nil {
			db.SetMaxOpenConns(1)
		}
		return db, err
	}
	return sql.Open("pgx", b.dsn)
}

// insertRange inserts subscribers [from, to) in one transaction.
func (b *bench) insertRange(ctx context.Context, db *sql.DB, from, to int, now time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for i := from; i < to; i += subscriberRows {
		rows := min(to, i+subscriberRows) - i
		args := make([]any, 0, rows*10)
		for j := i; j < i+rows; j++ {
			row, err := subscriberRow(j, now)
			if err != nil {
				return err
			}
			args = append(args, row...)
		}
		q := `INSERT INTO subscribers (email, status, frequency, categories, keywords, token, consent_at, consent_ip, created_at, updated_at) VALUES ` +
			b.placeholders(rows, 10)
		if _, err := tx.ExecContext(ctx, q, args...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// subscriberRow is the i-th subscriber: confirmed, daily, with a random
// token, and topics when i is a multiple of 3.
func subscriberRow(i int, now time.Time) ([]any, error) {
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	cats, kws := "[]", "[]"
	if i%3 == 0 {
		t := topics[(i/3)%len(topics)]
		cats, kws = t.categories, t.keywords
	}
	email := fmt.Sprintf("reader%07d@example.com", i)
	return []any{email, "active", "daily", cats, kws, hex.EncodeToString(tok), now, "192.0.2.1", now, now}, nil
}

// placeholders is "(?,?),(?,?)" on SQLite, "($1,$2),($3,$4)" on PostgreSQL.
func (b *bench) placeholders(rows, cols int) string {
	var s strings.Builder
	n := 0
	for r := range rows {
		if r > 0 {
			s.WriteByte(',')
		}
		s.WriteByte('(')
		for c := range cols {
			if c > 0 {
				s.WriteByte(',')
			}
			n++
			if b.db == "sqlite" {
				s.WriteByte('?')
			} else {
				fmt.Fprintf(&s, "$%d", n)
			}
		}
		s.WriteByte(')')
	}
	return s.String()
}
