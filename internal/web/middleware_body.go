package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// Body bounds: what each kind of request can need, with room to spare.
const (
	// formBody fits every small form (an address, a name, topics: at most
	// 20 categories and 20 keywords of 60 bytes, percent-encoded).
	formBody = 16 << 10
	// paperFormBody fits the forms on a paper's page: a comment of
	// usertext.MaxCommentLength (10,000) characters is 40,000 bytes of
	// UTF-8 at worst and three times that percent-encoded.
	paperFormBody = 256 << 10
	// apiBody fits any JSON a script sends, a comment escaped as \u
	// surrogate pairs (12 bytes a character) included.
	apiBody = 1 << 20
)

// bodyLimit is the most a request to r's path may send.
func bodyLimit(r *http.Request) int64 {
	switch {
	case strings.HasPrefix(r.URL.Path, "/api/"):
		return apiBody
	case strings.HasPrefix(r.URL.Path, "/papers/"):
		return paperFormBody
	}
	return formBody
}

// limitBodies bounds every request body. A body announced larger than its
// bound is refused before a byte of it is read; one that turns out larger
// (chunked) is cut at the bound. Forms are parsed here, so that a form cut
// short is a 413 rather than a form with fields missing; other bodies are
// read by their handlers through http.MaxBytesReader, which fails past the
// bound.
func (s *Server) limitBodies(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := bodyLimit(r)
		if r.ContentLength > limit {
			s.tooLarge(w, r, limit)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		if err := parseForm(r, limit); err != nil {
			if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
				s.tooLarge(w, r, limit)
				return
			}
			// A malformed form reaches its handler without fields,
			// which then says what is missing.
		}
		next.ServeHTTP(w, r)
	})
}

// parseForm parses a form body (URL-encoded or multipart); it leaves other
// bodies alone.
func parseForm(r *http.Request, limit int64) error {
	if r.Method != http.MethodPost && r.Method != http.MethodPut && r.Method != http.MethodPatch {
		return nil
	}
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch ct {
	case "application/x-www-form-urlencoded":
		return r.ParseForm()
	case "multipart/form-data":
		// Held in memory: the body is bounded by limit already.
		return r.ParseMultipartForm(limit)
	}
	return nil
}

// tooLarge answers 413, in JSON under /api/.
func (s *Server) tooLarge(w http.ResponseWriter, r *http.Request, limit int64) {
	msg := fmt.Sprintf("This request is larger than the %d KiB this address takes.", limit>>10)
	// The rest of the body is not worth reading: close the connection.
	w.Header().Set("Connection", "close")
	if strings.HasPrefix(r.URL.Path, "/api/") {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
		return
	}
	s.errorPage(w, r, http.StatusRequestEntityTooLarge, paper.Public(paper.ErrTooLarge, msg))
}
