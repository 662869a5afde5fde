package web

import (
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// card is one paper in a list: the day, trending and search pages show the
// same cards, with what each knows.
type card struct {
	Paper     paper.Paper
	Entry     *paper.Entry // nil: the paper is on no feed day
	Submitter *paper.User
	Score     float64    // trending score; 0: not a trending list
	Terms     []string   // search words to mark in the title
	ShowDay   bool       // name the feed day: lists of more than one day
	Me        *viewer    // the signed-in viewer, for the upvote form; nil: anonymous
	Upvoted   bool       // the viewer upvoted this paper
	Saved     bool       // the paper is on the viewer's reading list
	Note      string     // the viewer's note on the saved paper (the reading list shows it)
	Badge     *rankBadge // "#1 Paper of the day, week or month"; nil: none
}

// Summary is the card's text: the AI summary when there is one, else the
// start of the abstract.
func (c card) Summary() string {
	if c.Paper.AISummary != "" {
		return c.Paper.AISummary
	}
	return clamp(c.Paper.Abstract, 320)
}

// SummaryKind names what Summary is, as the card labels it: Hugging Face's
// AI summary, or the start of the authors' abstract.
func (c card) SummaryKind() string {
	if c.Paper.AISummary != "" {
		return "AI summary"
	}
	return "Abstract"
}

func entryCard(de store.DayEntry) card {
	e := de.Entry
	return card{Paper: de.Paper, Entry: &e, Submitter: de.Submitter, ShowDay: true}
}

func entryCards(es []store.DayEntry, showDay bool) []card {
	out := make([]card, len(es))
	for i, de := range es {
		out[i] = entryCard(de)
		out[i].ShowDay = showDay
	}
	return out
}

// cardsHaveTeX reports whether any card's title or text holds TeX, so the
// page loads KaTeX only when it has something to typeset.
func cardsHaveTeX(cs []card) bool {
	for _, c := range cs {
		if hasTeX(c.Paper.Title) || hasTeX(c.Summary()) {
			return true
		}
	}
	return false
}
