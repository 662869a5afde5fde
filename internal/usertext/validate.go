package usertext

import (
	"strings"
	"unicode/utf8"
)

// MaxCommentLength is the most characters (not bytes) a comment may have:
// room for a careful review of a paper, not for pasting the paper itself.
const MaxCommentLength = 10_000

// Validate reports whether a comment may be posted. Its error wraps
// ErrInvalid and its text is written for the person who typed the comment.
func (r *Renderer) Validate(markdown string) error {
	switch {
	case !utf8.ValidString(markdown):
		return invalid("comment is not valid text (it is not UTF-8)")
	case strings.ContainsRune(markdown, 0):
		return invalid("comment contains a NUL character")
	case strings.TrimSpace(markdown) == "":
		return invalid("comment is empty")
	case utf8.RuneCountInString(markdown) > MaxCommentLength:
		return invalid("comment is longer than 10,000 characters")
	}
	return nil
}
