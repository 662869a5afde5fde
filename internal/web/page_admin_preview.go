package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/digest"
)

// adminPreview shows an admin a digest's HTML part as the mail carries
// it: ?frequency=daily|weekly&period=2026-11-27|2026-W48 (default: the
// latest feed day's daily digest). It is behind admin.
func (s *Server) adminPreview(w http.ResponseWriter, r *http.Request) error {
	frequency, p := r.FormValue("frequency"), r.FormValue("period")
	if frequency == "" {
		frequency = digest.Daily
	}
	if p == "" {
		day, err := s.digest.LatestDay(r.Context())
		if err != nil {
			return err
		}
		p = day
	}
	msg, err := s.digest.Preview(r.Context(), frequency, p)
	if err != nil {
		return err
	}
	// The mail's own inline styles need a policy of their own; it has no
	// script, so none is allowed.
	h := w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; frame-ancestors 'none'")
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	_, err = w.Write([]byte(msg.HTML))
	return err
}
