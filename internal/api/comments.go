package api

import (
	"strconv"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// commentOf shapes a comment as Hugging Face does, with the sanitized HTML
// stored when it was written; a hidden or deleted comment keeps its place,
// not its text.
func commentOf(c store.Comment) commentJSON {
	author := paper.User{Name: c.Author.Name, FullName: c.Author.FullName, AvatarURL: c.Author.AvatarURL}
	out := commentJSON{
		ID:        commentID(c.ID),
		Author:    *userOf(&author),
		CreatedAt: hfTime(c.Created),
		Type:      "comment",
		Data: commentData{
			Latest:       commentText{UpdatedAt: hfTime(c.Updated)},
			Edited:       c.Edited(),
			Hidden:       !c.Visible(),
			HiddenReason: c.HiddenReason,
			Deleted:      c.Deleted,
		},
	}
	if c.ParentID != 0 {
		out.Data.ParentCommentID = commentID(c.ParentID)
	}
	if c.Visible() {
		out.Data.Latest.Raw = c.Body
		out.Data.Latest.HTML = c.HTML
	}
	return out
}

// commentID is a comment's id as the API writes it: the number as a
// string, as ids are strings in Hugging Face's API.
func commentID(id int64) string { return strconv.FormatInt(id, 10) }
