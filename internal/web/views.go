package web

import (
	"fmt"
	"html/template"
)

// Small views that hand a shared template part what it needs from a page.

// commentViewData is what the "comment" template shows.
type commentViewData struct {
	C    comment
	Page *paperPage
}

func commentView(p *paperPage, c comment) commentViewData { return commentViewData{C: c, Page: p} }

// formViewData is what the "comment-form" template shows.
type formViewData struct {
	Page    *paperPage
	Parent  int64
	Refused bool          // the refused form was this one: show its error
	Kept    bool          // the refused or previewed form was this one: show its text
	Preview template.HTML // the previewed comment, when it was this form's
}

func formView(p *paperPage, parent int64) formViewData {
	this := p.Form.Parent == parentValue(parent)
	v := formViewData{Page: p, Parent: parent, Refused: this && p.Form.Error != ""}
	v.Kept = v.Refused || this && p.Form.Preview != ""
	if this && p.Form.Preview != "" {
		v.Preview = safeHTML(p.Form.Preview)
	}
	return v
}

func parentValue(parent int64) string {
	if parent == 0 {
		return ""
	}
	return fmt.Sprint(parent)
}

// voteView makes a paper page look like a card to the "vote" and "save"
// templates.
func voteView(p *paperPage) card {
	c := card{Paper: p.Paper, Me: p.Me, Upvoted: p.Upvoted, Saved: p.Saved}
	if p.Entry != nil {
		e := p.Entry.Entry
		c.Entry = &e
	}
	return c
}

// modViewData is what the "mod-comment" template shows.
type modViewData struct {
	C       comment
	Me      *viewer
	Reasons []string
}

func modView(p *moderationPage, c comment) modViewData {
	return modViewData{C: c, Me: p.Me, Reasons: p.HideReasons}
}
