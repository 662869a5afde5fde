package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) error {
	if err := s.store.Ping(r.Context()); err != nil {
		return fmt.Errorf("healthz: %w", err)
	}
	w.Header().Set("Content-Type", "application/json")
	return json.NewEncoder(w).Encode(map[string]string{"status": "ok"})
}

// dayPage is what templates/day.html shows.
type dayPage struct {
	Title   string
	Day     string
	Entries []store.DayEntry
	Empty   bool
}

func (s *Server) latestDay(w http.ResponseWriter, r *http.Request) error {
	day, err := s.store.LatestDay(r.Context())
	if errors.Is(err, paper.ErrNotFound) {
		return s.render(w, "day.html", dayPage{Title: "Daily Papers", Empty: true})
	}
	if err != nil {
		return err
	}
	return s.showDay(w, r, day)
}

func (s *Server) day(w http.ResponseWriter, r *http.Request) error {
	day := r.PathValue("day")
	if _, err := time.Parse(paper.DayLayout, day); err != nil {
		return fmt.Errorf("%q is not a date (YYYY-MM-DD): %w", day, paper.ErrInvalid)
	}
	return s.showDay(w, r, day)
}

func (s *Server) showDay(w http.ResponseWriter, r *http.Request, day string) error {
	entries, err := s.store.DayEntries(r.Context(), day)
	if err != nil {
		return err
	}
	return s.render(w, "day.html", dayPage{Title: "Daily Papers of " + day, Day: day, Entries: entries, Empty: len(entries) == 0})
}

func (s *Server) render(w http.ResponseWriter, name string, data any) error {
	var b strings.Builder
	if err := s.tmpl.ExecuteTemplate(&b, name, data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	_, err := w.Write([]byte(b.String()))
	return err
}

func funcs() template.FuncMap {
	return template.FuncMap{
		// plural writes "1 comment", "2 comments".
		"plural": func(n int, word string) string {
			if n == 1 {
				return "1 " + word
			}
			return fmt.Sprintf("%d %ss", n, word)
		},
		"authors": func(as []paper.Author) string {
			names := make([]string, 0, min(len(as), 6))
			for i, a := range as {
				if i == 5 {
					names = append(names, fmt.Sprintf("and %d more", len(as)-5))
					break
				}
				names = append(names, a.Name)
			}
			return strings.Join(names, ", ")
		},
	}
}
