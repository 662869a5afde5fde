package web

import (
	"strconv"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/plural"
)

// commentCounts says how many comments a paper has and where they live:
// Here are this site's, which its page shows; OnHF were counted on Hugging
// Face by an import and are read there. Cards and the paper page say both,
// so that a count never promises comments the page does not show.
type commentCounts struct {
	PaperID    string
	Here, OnHF int
}

func commentCount(id string, e paper.Entry) commentCounts {
	return commentCounts{PaperID: id, Here: e.LocalComments, OnHF: e.HFComments()}
}

// HFURL is the paper's discussion on Hugging Face.
func (c commentCounts) HFURL() string {
	return "https://huggingface.co/papers/" + c.PaperID + "#community"
}

// HereLabel counts this site's comments: "2 comments", or "1 comment here"
// beside comments on Hugging Face.
func (c commentCounts) HereLabel() string {
	if c.OnHF == 0 {
		return plural.Count(c.Here, "comment")
	}
	return plural.Count(c.Here, "comment") + " here"
}

// HFLabel counts the comments on Hugging Face: "1 on Hugging Face", or "2
// comments on Hugging Face" when there are none here.
func (c commentCounts) HFLabel() string {
	if c.Here == 0 {
		return plural.Count(c.OnHF, "comment") + " on Hugging Face"
	}
	return strconv.Itoa(c.OnHF) + " on Hugging Face"
}
