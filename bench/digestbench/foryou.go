package main

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"time"
)

// forYouSaves is how many papers each reader with an account saved: above
// foryou.MinPositives, so that every one of them gets a "Picked for you"
// section.
const forYouSaves = 4

// addReaders gives the first n subscribers an account each (their address)
// that saved forYouSaves stored papers with vectors, drawn with a fixed
// seed, so that planning ranks For you picks for n readers. The sample
// days' papers were first published on other days than their feed day, so
// every stored paper is moved to noon of the digest's day (New York): all
// of them are that day's For you candidates.
func (b *bench) addReaders(ctx context.Context, n int) error {
	if n == 0 {
		return nil
	}
	db, err := b.rawDB()
	if err != nil {
		return err
	}
	defer db.Close()
	papers, err := vectorPapers(ctx, db)
	if err != nil {
		return err
	}
	if len(papers) < forYouSaves {
		return fmt.Errorf("only %d papers with vectors", len(papers))
	}
	rng := rand.New(rand.NewPCG(12, 1))
	now := time.Now().UTC()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	noon, err := time.Parse("2006-01-02 15", b.day+" 17")
	if err != nil {
		return err
	}
	q := `UPDATE papers SET published_at = ?`
	if b.db != "sqlite" {
		q = `UPDATE papers SET published_at = $1`
	}
	if _, err := tx.ExecContext(ctx, q, noon); err != nil {
		return fmt.Errorf("move papers to %s: %w", b.day, err)
	}
	for start := 0; start < n; start += subscriberRows {
		rows := min(n, start+subscriberRows) - start
		users := make([]any, 0, rows*4)
		for i := start; i < start+rows; i++ {
			users = append(users, fmt.Sprintf("reader%07d", i), fmt.Sprintf("reader%07d@example.com", i), "user", now)
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO users (name, email, role, created_at) VALUES `+b.placeholders(rows, 4), users...); err != nil {
			return fmt.Errorf("insert accounts: %w", err)
		}
		saves := make([]any, 0, rows*forYouSaves*3)
		for i := start; i < start+rows; i++ {
			for _, k := range rng.Perm(len(papers))[:forYouSaves] {
				saves = append(saves, fmt.Sprintf("reader%07d", i), papers[k], now)
			}
		}
		q := `INSERT INTO saves (user_id, paper_id, created_at) SELECT u.id, v.p, v.t FROM (VALUES ` +
			b.placeholders(rows*forYouSaves, 3) + `) AS v (n, p, t) JOIN users u ON u.name = v.n`
		if b.db == "sqlite" {
			q = `WITH v (n, p, t) AS (VALUES ` + b.placeholders(rows*forYouSaves, 3) + `)
				INSERT INTO saves (user_id, paper_id, created_at) SELECT u.id, v.p, v.t FROM v JOIN users u ON u.name = v.n`
		}
		if _, err := tx.ExecContext(ctx, q, saves...); err != nil {
			return fmt.Errorf("insert saves: %w", err)
		}
	}
	if _, err := tx.ExecContext(ctx, `UPDATE subscribers SET user_id = (SELECT u.id FROM users u WHERE u.email = subscribers.email)
		WHERE email IN (SELECT email FROM users)`); err != nil {
		return fmt.Errorf("link subscribers: %w", err)
	}
	return tx.Commit()
}

// vectorPapers lists the stored papers that have a vector.
func vectorPapers(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT p.id FROM papers p JOIN paper_vectors v ON v.seq = p.seq WHERE v.vec IS NOT NULL ORDER BY p.id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}
