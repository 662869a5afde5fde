package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/bibtex"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// savedPage is /saved, the viewer's reading list.
type savedPage struct {
	basePage
	Cards   []card
	Start   int
	Pager   pager
	MaxNote int
}

// savedPerPage is how many papers a page of the reading list shows.
const savedPerPage = 50

// saved shows the viewer's reading list, the latest save first, with the
// notes. Only its owner sees it: it has no address of its own but the
// session's.
func (s *Server) saved(w http.ResponseWriter, r *http.Request) error {
	_, a, err := signedIn(r)
	if err != nil {
		http.Redirect(w, r, "/signin?next=/saved", http.StatusSeeOther)
		return nil
	}
	page, err := pageParam(r)
	if err != nil {
		return err
	}
	list, err := s.store.SavedPapers(r.Context(), a.ID, page*savedPerPage, savedPerPage+1)
	if err != nil {
		return err
	}
	if page > 0 && len(list) == 0 {
		return pastTheEnd(page)
	}
	p := savedPage{basePage: s.base(r, "Your reading list — Daily Papers"), Start: page*savedPerPage + 1, MaxNote: community.MaxNote}
	p.NoIndex = true
	for _, sp := range list[:min(len(list), savedPerPage)] {
		c := card{Paper: sp.Paper, ShowDay: true, Note: sp.Note}
		if sp.Entry != nil {
			c = entryCard(*sp.Entry)
			c.Note = sp.Note
		}
		p.Cards = append(p.Cards, c)
	}
	p.Pager = newPager(r, nil, page, len(list) > savedPerPage)
	if err := s.complete(r, p.Cards); err != nil {
		return err
	}
	p.Math = cardsHaveTeX(p.Cards)
	return s.render(w, "saved.html", &p)
}

// savedBibTeX serves /saved.bib: the whole reading list as BibTeX, the
// latest save first.
func (s *Server) savedBibTeX(w http.ResponseWriter, r *http.Request) error {
	_, a, err := signedIn(r)
	if err != nil {
		return err
	}
	list, err := s.store.SavedPapers(r.Context(), a.ID, 0, store.MaxSaves)
	if err != nil {
		return err
	}
	ps := make([]paper.Paper, len(list))
	for i, sp := range list {
		ps[i] = sp.Paper
	}
	return writeBibTeX(w, "reading-list.bib", ps)
}

// paperBibTeX serves /papers/{id}.bib.
func (s *Server) paperBibTeX(w http.ResponseWriter, r *http.Request, id string) error {
	p, err := s.store.GetPaper(r.Context(), id)
	if err != nil {
		return err
	}
	return writeBibTeX(w, strings.ReplaceAll(id, "/", "-")+".bib", []paper.Paper{p})
}

// writeBibTeX sends papers as a BibTeX file named name.
func writeBibTeX(w http.ResponseWriter, name string, ps []paper.Paper) error {
	var b bytes.Buffer
	if err := bibtex.Write(&b, ps); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", bibtex.ContentType)
	h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	_, err := w.Write(b.Bytes())
	return err
}
