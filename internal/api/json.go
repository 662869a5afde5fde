package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// writeJSON encodes v before writing anything, so that a value that cannot
// be encoded is a clean 500 rather than half a response.
func writeJSON(w http.ResponseWriter, code int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Hugging Face writes <, > and & as they are; highlighted fields carry
	// markup that must survive.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	w.Write(body) // an error here is the client gone; nothing to tell it
	return nil
}

// hfTime is a time as Hugging Face writes it: UTC, milliseconds, "Z"
// ("2026-08-21T00:00:00.000Z"); the zero time is null.
type hfTime time.Time

const hfTimeLayout = "2006-01-02T15:04:05.000Z"

func (t hfTime) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + time.Time(t).UTC().Format(hfTimeLayout) + `"`), nil
}

// IsZero lets omitzero leave out unknown times.
func (t hfTime) IsZero() bool { return time.Time(t).IsZero() }

// stableID makes an id in the form of Hugging Face's (24 hex digits, a
// MongoDB ObjectId) from what it identifies, so that it never changes
// between responses: we have no Hugging Face ids of our own.
func stableID(parts ...string) string {
	sum := sha256.Sum256([]byte(strings.Join(parts, "\x00")))
	return hex.EncodeToString(sum[:12])
}
