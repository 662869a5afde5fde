package web

import (
	"errors"
	"net/http"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/tex"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// paperPage is what templates/paper.html shows.
type paperPage struct {
	basePage
	Paper   paper.Paper
	Entry   *store.DayEntry // nil: the paper is on no feed day
	Badge   *rankBadge      // "#1 Paper of the day, week or month"; nil: none
	Similar []paper.Paper
	// SimilarHow says in a line how Similar was chosen.
	SimilarHow string
	Thread     []thread // the discussion
	Upvoted    bool     // the viewer upvoted the paper
	Saved      bool     // the paper is on the viewer's reading list
	// CanSetLinks: the viewer may set the code and project links.
	CanSetLinks bool
	Form        formState
	HideReasons []string

	// Authors are the listed authors, with their verified accounts.
	Authors []pageAuthor
	// MyClaim is the viewer's authorship claim on the paper; nil: none.
	MyClaim *store.Claim
	// CanClaim: the viewer may claim an author from the author list;
	// CanRefile: may file a rejected claim again, with a note.
	CanClaim, CanRefile bool
	// Fetch is the paper's submission that did not reach the feed (yet);
	// nil: none. Refusal says why the viewer may not submit the paper.
	Fetch   *fetchState
	Refusal string

	// verifiedIDs are the accounts of the paper's verified authors.
	verifiedIDs map[int64]bool
}

// formState is what a refused form keeps: the message and what was typed.
type formState struct {
	Error, Body, Parent    string
	Preview                string // the comment's HTML, when previewed (usertext); "": none
	LinksError, Repo, Page string
	ClaimError, Note       string
}

// similarPapers is how many similar papers a paper page lists.
const similarPapers = 6

// paper shows /papers/{id}. Any way of writing the id (a version,
// "arXiv:", an old-style subject class) redirects to the canonical page;
// {id}.md is the paper as Markdown, which the API writes, and {id}.bib
// its BibTeX entry.
func (s *Server) paper(w http.ResponseWriter, r *http.Request) error {
	raw := r.PathValue("id")
	if raw == "" {
		http.Redirect(w, r, "/papers", http.StatusMovedPermanently)
		return nil
	}
	ext := ""
	for _, e := range []string{".md", ".bib"} {
		if strings.HasSuffix(raw, e) {
			ext, raw = e, strings.TrimSuffix(raw, e)
		}
	}
	id, err := arxivid.Parse(raw)
	if err != nil {
		return missing("%q is not an arXiv identifier, so there is no paper page for it.", raw)
	}
	canonical := "/papers/" + id.Base + ext
	if canonical != r.URL.Path {
		http.Redirect(w, r, canonical, http.StatusMovedPermanently)
		return nil
	}
	switch ext {
	case ".md":
		return s.extra.api.PaperMarkdown(w, r, id.Base)
	case ".bib":
		return s.paperBibTeX(w, r, id.Base)
	}
	return s.renderPaper(w, r, id.Base, http.StatusOK, formState{})
}

// renderPaper renders a paper's page with the status and the state of a
// form that was refused.
func (s *Server) renderPaper(w http.ResponseWriter, r *http.Request, id string, code int, form formState) error {
	ctx := r.Context()
	p, err := s.store.GetPaper(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		return s.renderPending(w, r, id)
	}
	if err != nil {
		return err
	}
	pp := paperPage{Paper: p, basePage: s.base(r, tex.Text(p.Title)+" — Daily Papers"), Form: form, HideReasons: store.HideReasons}
	switch de, err := s.store.Entry(ctx, id); {
	case err == nil:
		pp.Entry = &de
	case !errors.Is(err, paper.ErrNotFound):
		return err
	}
	similar, err := s.store.Similar(ctx, id, similarPapers)
	if err != nil {
		return err
	}
	for _, de := range similar {
		pp.Similar = append(pp.Similar, de.Paper)
	}
	pp.SimilarHow = store.SimilarHow
	// Search engines show the description as text: TeX written as text.
	pp.Description = clamp(tex.Text(p.Abstract), 200)
	if p.AISummary != "" {
		pp.Description = tex.Text(p.AISummary)
	}
	pp.Markdown = "/papers/" + id + ".md"
	pp.Math = hasTeX(p.Title) || hasTeX(p.Abstract) || hasTeX(p.AISummary)
	for _, q := range pp.Similar {
		pp.Math = pp.Math || hasTeX(q.Title)
	}
	if err := s.claimsOf(r, &pp); err != nil {
		return err
	}
	if v := viewerOf(r); v != nil && v.Account != nil {
		saved, err := s.store.Saved(ctx, v.Account.ID, []string{id})
		if err != nil {
			return err
		}
		pp.Saved = saved[id]
	}
	if pp.Entry == nil {
		if err := s.submission(r, &pp); err != nil {
			return err
		}
	}
	if pp.Entry != nil {
		pp.Section = "daily"
		badges, err := s.rankBadges(ctx, []*paper.Entry{&pp.Entry.Entry})
		if err != nil {
			return err
		}
		pp.Badge = badges[id]
		if err := s.discussion(r, &pp); err != nil {
			return err
		}
	}
	if form != (formState{}) {
		pp.NoIndex = true
	}
	pp.Math = pp.Math || usertext.HasMath(form.Preview)
	return s.renderStatus(w, code, "paper.html", &pp)
}

// submission fills in, for a paper on no feed day, its submission's state
// and whether the viewer may submit it.
func (s *Server) submission(r *http.Request, pp *paperPage) error {
	st, err := s.fetchStateOf(r.Context(), r, pp.Paper.ID)
	if err != nil {
		return err
	}
	pp.Fetch = st
	var a store.Account
	if v := viewerOf(r); v != nil && v.Account != nil {
		a = *v.Account
	}
	if err := s.community.Check(r.Context(), a, pp.Paper); err != nil {
		if _, ok := site.PublicMessage(err); !ok {
			return err
		}
		pp.Refusal = err.Error()
	}
	return nil
}
