package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// DaySpan is a span of feed days, From and To inclusive (YYYY-MM-DD): a
// day, an ISO week or a month.
type DaySpan struct{ From, To string }

// firstsPerStatement bounds the spans one statement asks about.
const firstsPerStatement = 100

// Firsts returns the paper ranked first in each span, in the order the
// lists rank (see Entries: most upvoted, then earliest submitted, then
// lowest id), for the "#1 paper of the day, week or month" badges. A span
// without papers is absent from the map.
func (s *Store) Firsts(ctx context.Context, spans []DaySpan) (map[DaySpan]string, error) {
	out := make(map[DaySpan]string, len(spans))
	err := forChunks(spans, firstsPerStatement, func(chunk []DaySpan) error {
		// One row per span, each the first entry of its days, read
		// through the index on (day, upvotes).
		parts := make([]string, len(chunk))
		args := make([]any, 0, 2*len(chunk))
		for i, sp := range chunk {
			parts[i] = fmt.Sprintf(`SELECT %d, (SELECT paper_id FROM daily_entries WHERE day >= ? AND day <= ?
				ORDER BY upvotes DESC, submitted_at ASC, paper_id ASC LIMIT 1)`, i)
			args = append(args, sp.From, sp.To)
		}
		rows, err := s.r.QueryContext(ctx, s.d.rebind(strings.Join(parts, " UNION ALL ")), args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var i int
			var id sql.NullString
			if err := rows.Scan(&i, &id); err != nil {
				return err
			}
			if id.Valid && i >= 0 && i < len(chunk) {
				out[chunk[i]] = id.String
			}
		}
		return rows.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("Firsts(%d spans): %w", len(spans), err)
	}
	return out, nil
}
