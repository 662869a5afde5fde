package store

import (
	"database/sql"
	"encoding/base64"
	"fmt"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// A cursor is the position of the last paper of a page: its publication
// time and id, base64url-encoded so that clients treat it as opaque.
type cursor struct {
	published sql.NullTime
	id        string
}

func encodeCursor(published time.Time, id string) string {
	ts := ""
	if !published.IsZero() {
		ts = published.UTC().Format(time.RFC3339Nano)
	}
	return base64.RawURLEncoding.EncodeToString([]byte(ts + "|" + id))
}

func decodeCursor(s string) (cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(b) > 200 {
		return cursor{}, fmt.Errorf("%w %q: %w", errBadCursor, s, paper.ErrInvalid)
	}
	ts, id, ok := strings.Cut(string(b), "|")
	if _, err := arxivid.Parse(id); !ok || err != nil {
		return cursor{}, fmt.Errorf("%w %q: %w", errBadCursor, s, paper.ErrInvalid)
	}
	c := cursor{id: id}
	if ts != "" {
		t, err := time.Parse(time.RFC3339Nano, ts)
		if err != nil {
			return cursor{}, fmt.Errorf("%w %q: %w", errBadCursor, s, paper.ErrInvalid)
		}
		c.published = sql.NullTime{Time: t, Valid: true}
	}
	return c, nil
}
