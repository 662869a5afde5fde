package api

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// paperDetailJSON is /api/papers/{id}: the paper object, its comment count
// and, with ?field=comments, its discussion.
type paperDetailJSON struct {
	paperJSON
	NumComments int `json:"numComments"`
	// NumCommentsHere and NumCommentsOnHuggingFace split numComments (not
	// Hugging Face's): the comments made here that readers see, which
	// ?field=comments lists, and those an import counted on Hugging Face,
	// which are read there.
	NumCommentsHere          int `json:"numCommentsHere"`
	NumCommentsOnHuggingFace int `json:"numCommentsOnHuggingFace"`
	// IsAuthorParticipating: a verified author of the paper has a comment
	// readers see.
	IsAuthorParticipating bool `json:"isAuthorParticipating"`
	// Comments is a flat list, as Hugging Face gives it; nil leaves it out.
	Comments []commentJSON `json:"comments,omitzero"`
}

// commentJSON is one comment of a discussion. Replies are in the same flat
// list and name the comment they answer in data.parentCommentId.
type commentJSON struct {
	ID        string      `json:"id"`
	Author    userJSON    `json:"author"`
	CreatedAt hfTime      `json:"createdAt"`
	Type      string      `json:"type"` // "comment"
	Data      commentData `json:"data"`
}

type commentData struct {
	Latest          commentText `json:"latest"`
	ParentCommentID string      `json:"parentCommentId,omitempty"`
	// Edited: the text was changed after it was written.
	Edited bool `json:"edited"`
	// Hidden: a curator hid it (HiddenReason says why) or its author
	// deleted it; its text is then empty. It stays in the list so that
	// its replies keep their parent.
	Hidden       bool   `json:"hidden"`
	HiddenReason string `json:"hiddenReason,omitempty"`
	Deleted      bool   `json:"deleted,omitempty"`
}

type commentText struct {
	Raw       string `json:"raw"`
	HTML      string `json:"html"`
	UpdatedAt hfTime `json:"updatedAt"`
}

// paper serves GET /api/papers/{id}, for an id in any form people write,
// and GET /api/papers/{id}/similar.
func (a *API) paper(w http.ResponseWriter, r *http.Request) error {
	if id, ok := strings.CutSuffix(r.PathValue("id"), "/similar"); ok {
		return a.similar(w, r, id)
	}
	de, err := a.lookup(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	out := paperDetailJSON{
		paperJSON: paperOf(de), NumComments: de.Entry.NumComments, IsAuthorParticipating: de.AuthorParticipating,
		NumCommentsHere: de.Entry.LocalComments, NumCommentsOnHuggingFace: de.Entry.HFComments(),
	}
	verified, err := a.store.VerifiedAuthors(r.Context(), de.Paper.ID)
	if err != nil {
		return err
	}
	markVerified(&out.paperJSON, verified)
	if wantsField(r, "comments") {
		cs, err := a.store.Comments(r.Context(), de.Paper.ID)
		if err != nil {
			return err
		}
		out.Comments = make([]commentJSON, len(cs))
		for i, c := range cs {
			out.Comments[i] = commentOf(c)
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// wantsField reports whether ?field= (one name or a comma-separated list)
// asks for name.
func wantsField(r *http.Request, name string) bool {
	for _, v := range r.URL.Query()["field"] {
		for f := range strings.SplitSeq(v, ",") {
			if strings.TrimSpace(f) == name {
				return true
			}
		}
	}
	return false
}

// lookup finds a paper by any form of its id, with its feed entry when it
// is on a day (a zero Entry otherwise).
func (a *API) lookup(ctx context.Context, raw string) (store.DayEntry, error) {
	id, err := arxivid.Canonical(raw)
	if err != nil {
		return store.DayEntry{}, notFound("Paper not found")
	}
	de, err := a.store.Entry(ctx, id)
	if err == nil {
		return de, nil
	}
	if !errors.Is(err, paper.ErrNotFound) {
		return store.DayEntry{}, err
	}
	p, err := a.store.GetPaper(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		return store.DayEntry{}, notFound("Paper not found")
	}
	if err != nil {
		return store.DayEntry{}, err
	}
	return store.DayEntry{Paper: p}, nil
}

// listPapers serves GET /api/papers: every paper, newest first, a page at a
// time; the next page's URL is in the Link header.
func (a *API) listPapers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	limit, err := intParam(q, "limit", 50, 1, 100)
	if err != nil {
		return err
	}
	page, err := a.store.ListPapers(r.Context(), q.Get("cursor"), limit)
	if errors.Is(err, paper.ErrInvalid) {
		return invalid("invalid cursor")
	}
	if err != nil {
		return err
	}
	ids := make([]string, len(page.Papers))
	for i, p := range page.Papers {
		ids[i] = p.ID
	}
	entries, err := a.store.EntriesOf(r.Context(), ids)
	if err != nil {
		return err
	}
	out := make([]paperJSON, len(page.Papers))
	for i, p := range page.Papers {
		de, ok := entries[p.ID]
		if !ok {
			de = store.DayEntry{Paper: p}
		}
		out[i] = paperOf(de)
	}
	if err := a.markAllVerified(r.Context(), len(out), func(i int) *paperJSON { return &out[i] }); err != nil {
		return err
	}
	if page.Next != "" {
		a.setNext(w, r, []string{"limit"}, "cursor", page.Next)
	}
	return writeJSON(w, http.StatusOK, out)
}
