package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Roles, from least to most trusted.
const (
	RoleUser    = "user"
	RoleCurator = "curator"
	RoleAdmin   = "admin"
)

// ValidRole reports whether role is one of the roles.
func ValidRole(role string) bool {
	return role == RoleUser || role == RoleCurator || role == RoleAdmin
}

// Account is a user of this site, who signs in with an address. Imported
// Hugging Face users are not accounts (see HFUser).
type Account struct {
	ID        int64
	Name      string
	FullName  string
	AvatarURL string
	Email     string // lower-cased; empty when made without one (it cannot sign in)
	Role      string
	CreatedAt time.Time
}

// Curates reports whether the account may moderate and is exempt from the
// submission rules.
func (a Account) Curates() bool { return a.Role == RoleCurator || a.Role == RoleAdmin }

const accountColumns = `id, name, full_name, avatar_url, COALESCE(email, ''), role, created_at`

func scanAccount(sc scanner) (Account, error) {
	var a Account
	err := sc.Scan(&a.ID, &a.Name, &a.FullName, &a.AvatarURL, &a.Email, &a.Role, &a.CreatedAt)
	return a, err
}

// account runs a query for one account; op names it in errors.
func (s *Store) account(ctx context.Context, op, where string, arg any) (Account, error) {
	row := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT `+accountColumns+` FROM users WHERE `+where), arg)
	a, err := scanAccount(row)
	if errors.Is(err, sql.ErrNoRows) {
		return a, fmt.Errorf("%s: %w", op, paper.ErrNotFound)
	}
	if err != nil {
		return a, fmt.Errorf("%s: %w", op, err)
	}
	return a, nil
}

// AccountByEmail returns the account with the address, or an error wrapping
// paper.ErrNotFound.
func (s *Store) AccountByEmail(ctx context.Context, email string) (Account, error) {
	return s.account(ctx, "AccountByEmail", `email = ?`, strings.ToLower(email))
}

// AccountByName returns the account with the name, compared without regard
// to case, or an error wrapping paper.ErrNotFound.
func (s *Store) AccountByName(ctx context.Context, name string) (Account, error) {
	// An exact match first: a database from before names were unique in
	// any case may hold names that differ only in case.
	a, err := s.account(ctx, fmt.Sprintf("AccountByName(%q)", name), `name = ?`, name)
	if errors.Is(err, paper.ErrNotFound) {
		return s.account(ctx, fmt.Sprintf("AccountByName(%q)", name), `lower(name) = lower(?) ORDER BY id LIMIT 1`, name)
	}
	return a, err
}

// AccountByID returns the account with the id.
func (s *Store) AccountByID(ctx context.Context, id int64) (Account, error) {
	return s.account(ctx, fmt.Sprintf("AccountByID(%d)", id), `id = ?`, id)
}

// ErrNameTaken and ErrEmailTaken say why CreateAccount refused.
var (
	ErrNameTaken  = paper.Public(paper.ErrConflict, "that username is taken")
	ErrEmailTaken = paper.Public(paper.ErrConflict, "that address already has an account")
)

// CreateAccount adds an account and returns it with its id. A name taken in
// any case, or an address taken, is an error wrapping paper.ErrConflict.
func (s *Store) CreateAccount(ctx context.Context, a Account) (Account, error) {
	a.Email = strings.ToLower(a.Email)
	if a.Role == "" {
		a.Role = RoleUser
	}
	if !ValidRole(a.Role) {
		return a, fmt.Errorf("CreateAccount: role %q: %w", a.Role, paper.ErrInvalid)
	}
	a.CreatedAt = s.now().UTC().Truncate(time.Microsecond)
	err := s.tx(ctx, func(tx *sql.Tx) error {
		// No index keeps names unique in any case (imported ones may differ
		// only in case), so sign-ups take turns: two at once must not both
		// find a name free. SQLite's BEGIN IMMEDIATE already serialises
		// writers; PostgreSQL takes a lock held until commit. A name an
		// imported Hugging Face user holds is refused too: the account would
		// be someone else, but would look like them.
		if s.d.name() == "postgres" {
			if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock(hashtext(current_schema() || '/accounts'))`); err != nil {
				return fmt.Errorf("lock accounts: %w", err)
			}
		}
		var n int
		if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT (SELECT COUNT(*) FROM users WHERE lower(name) = lower(?)) +
			(SELECT COUNT(*) FROM hf_users WHERE lower(name) = lower(?))`), a.Name, a.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrNameTaken
		}
		if a.Email != "" {
			if err := tx.QueryRowContext(ctx, s.d.rebind(`SELECT COUNT(*) FROM users WHERE email = ?`), a.Email).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return ErrEmailTaken
			}
		}
		err := tx.QueryRowContext(ctx, s.d.rebind(`INSERT INTO users (name, full_name, avatar_url, email, role, created_at)
			VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), a.Name, a.FullName, a.AvatarURL, nullString(a.Email), a.Role, a.CreatedAt).Scan(&a.ID)
		if err != nil {
			return err
		}
		return s.bumpVersion(ctx, tx)
	})
	if err != nil {
		if s.d.uniqueViolation(err) {
			// Another transaction took the name or address first.
			err = fmt.Errorf("%w: %v", paper.ErrConflict, err)
		}
		return a, fmt.Errorf("CreateAccount(%q): %w", a.Name, err)
	}
	return a, nil
}

// SetRole changes the role of the named account.
func (s *Store) SetRole(ctx context.Context, name, role string) error {
	if !ValidRole(role) {
		return fmt.Errorf("SetRole: role %q: want user, curator or admin: %w", role, paper.ErrInvalid)
	}
	return s.updateRows(ctx, fmt.Sprintf("SetRole(%q)", name), showsOnPages, `UPDATE users SET role = ? WHERE name = ?`, role, name)
}

// SetFullName changes the name an account shows beside its username.
func (s *Store) SetFullName(ctx context.Context, id int64, fullName string) error {
	return s.updateRows(ctx, fmt.Sprintf("SetFullName(%d)", id), showsOnPages, `UPDATE users SET full_name = ? WHERE id = ?`, fullName, id)
}

// NameLookalikeTaken reports whether someone other than the account except
// has a username that looks like a name of the keys (usertext.NameKeys):
// another account, or an imported Hugging Face user. A full name must not
// pass for someone else's username.
func (s *Store) NameLookalikeTaken(ctx context.Context, keys []string, except int64) (bool, error) {
	var conds []string
	var matchArgs []any
	for _, expr := range usertext.UsernameKeysSQL("name") {
		conds = append(conds, expr+` IN (`+inList(len(keys))+`)`)
		matchArgs = append(matchArgs, anySlice(keys)...)
	}
	match := `(` + strings.Join(conds, ` OR `) + `)`
	args := append(append(slices.Clone(matchArgs), except), matchArgs...)
	var n int
	err := s.r.QueryRowContext(ctx, s.d.rebind(`SELECT
		(SELECT COUNT(*) FROM users WHERE `+match+` AND id <> ?) +
		(SELECT COUNT(*) FROM hf_users WHERE `+match+`)`), args...).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("NameLookalikeTaken(%q): %w", keys, err)
	}
	return n > 0, nil
}

// Accounts lists the accounts that can sign in, and those with a role
// above user, by name.
func (s *Store) Accounts(ctx context.Context) ([]Account, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+accountColumns+` FROM users
		WHERE email IS NOT NULL OR role <> 'user' ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("Accounts: %w", err)
	}
	defer rows.Close()
	var out []Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, fmt.Errorf("Accounts: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// nullString stores "" as NULL, for unique columns where many rows have none.
func nullString(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// AccountIDsByEmail returns the ids of the accounts whose address is among
// emails (compared in lower case), keyed by the lower-cased address. The
// digest finds the accounts of subscribers who never linked theirs.
func (s *Store) AccountIDsByEmail(ctx context.Context, emails []string) (map[string]int64, error) {
	out := map[string]int64{}
	lower := make([]string, len(emails))
	for i, e := range emails {
		lower[i] = strings.ToLower(e)
	}
	err := forChunks(lower, s.d.maxParams(), func(chunk []string) error {
		rows, err := s.r.QueryContext(ctx, s.d.rebind(`SELECT email, id FROM users WHERE email IN (`+inList(len(chunk))+`)`), anySlice(chunk)...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var e string
			var id int64
			if err := rows.Scan(&e, &id); err != nil {
				return err
			}
			out[e] = id
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("AccountIDsByEmail(%d): %w", len(emails), err)
	}
	return out, nil
}
