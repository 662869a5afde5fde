package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Imported people (Hugging Face submitters) are kept in hf_users, apart from
// the accounts of this site in users: a name in one says nothing about the
// other, an import never writes an account and an imported person holds no
// rights here (see migration 0010).

const hfUserColumns = `name, full_name, avatar_url, type, hf_id`

// HFUser returns the imported Hugging Face user with the name, or an error
// wrapping paper.ErrNotFound.
func (s *Store) HFUser(ctx context.Context, name string) (paper.User, error) {
	u := paper.User{Origin: paper.OriginHF}
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+hfUserColumns+` FROM hf_users WHERE name = ?`), name).
		Scan(&u.Name, &u.FullName, &u.AvatarURL, &u.Type, &u.HFID)
	if errors.Is(err, sql.ErrNoRows) {
		return u, fmt.Errorf("HFUser(%q): %w", name, paper.ErrNotFound)
	}
	if err != nil {
		return u, fmt.Errorf("HFUser(%q): %w", name, err)
	}
	return u, nil
}

// upsertUsers merges imported profiles into hf_users and returns the id of
// every user named.
func (s *Store) upsertUsers(ctx context.Context, tx *sql.Tx, users map[string]paper.User) (map[string]int64, error) {
	names := make([]string, 0, len(users))
	for n := range users {
		names = append(names, n)
	}
	ids := make(map[string]int64, len(users))
	err := forChunks(names, s.d.maxParams(), func(chunk []string) error {
		rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, `+hfUserColumns+` FROM hf_users WHERE name IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var u paper.User
			if err := rows.Scan(&id, &u.Name, &u.FullName, &u.AvatarURL, &u.Type, &u.HFID); err != nil {
				return err
			}
			ids[u.Name] = id
			if merged, changed := paper.MergeUser(&u, users[u.Name]); !changed {
				delete(users, u.Name)
			} else {
				users[u.Name] = merged
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("load imported users: %w", err)
	}
	for _, u := range users {
		if u.Type == "" {
			u.Type = "user"
		}
		var id int64
		err := tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO hf_users (`+hfUserColumns+`, created_at) VALUES (?, ?, ?, ?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET full_name = excluded.full_name, avatar_url = excluded.avatar_url,
			type = excluded.type, hf_id = excluded.hf_id RETURNING id`),
			u.Name, u.FullName, u.AvatarURL, u.Type, u.HFID, s.now().UTC()).Scan(&id)
		if err != nil {
			return nil, fmt.Errorf("write user %q: %w", u.Name, err)
		}
		ids[u.Name] = id
	}
	return ids, nil
}

// hfUserIDs returns the ids of the named imported users that exist.
func (s *Store) hfUserIDs(ctx context.Context, tx *sql.Tx, names []string) (map[string]int64, error) {
	ids := make(map[string]int64, len(names))
	err := forChunks(names, s.d.maxParams(), func(chunk []string) error {
		rows, err := tx.QueryContext(ctx, s.d.rebind(`SELECT id, name FROM hf_users WHERE name IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			var name string
			if err := rows.Scan(&id, &name); err != nil {
				return err
			}
			ids[name] = id
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("look up imported users: %w", err)
	}
	return ids, nil
}
