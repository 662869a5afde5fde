package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// pageData says whether a write changes what pages show, so that the data
// version moves and cached pages are rendered again.
type pageData bool

const (
	showsOnPages pageData = true
	notOnPages   pageData = false
)

// updateRows runs one UPDATE in a transaction; when it matches no row the
// error wraps paper.ErrNotFound. op names the operation in errors.
func (s *Store) updateRows(ctx context.Context, op string, shown pageData, query string, args ...any) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, s.d.rebind(query), args...)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return paper.ErrNotFound
		}
		if shown {
			return s.bumpVersion(ctx, tx)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("%s: %w", op, err)
	}
	return nil
}
