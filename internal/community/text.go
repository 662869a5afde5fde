package community

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/paper"
)

// lines checks a few lines of text a person wrote for others to read (a
// claim's note, a curator's reason, a report's): at most max characters of
// valid UTF-8 without control characters other than line breaks and tabs,
// which neither page nor database should carry (PostgreSQL refuses NUL and
// broken UTF-8, SQLite would keep them). It returns the text trimmed.
func lines(what, s string, max int) (string, error) {
	s = strings.TrimSpace(s)
	if !utf8.ValidString(s) || utf8.RuneCountInString(s) > max ||
		strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && r != '\n' && r != '\r' && r != '\t' }) {
		return "", paper.Public(paper.ErrInvalid, fmt.Sprintf("%s: at most %d characters of text", what, max))
	}
	return s, nil
}

// oneLine checks a short name a person gives something (an API token's):
// lines, without line breaks or tabs.
func oneLine(what, s string, max int) (string, error) {
	s, err := lines(what, s, max)
	if err == nil && strings.ContainsAny(s, "\r\n\t") {
		err = paper.Public(paper.ErrInvalid, fmt.Sprintf("%s: one line of at most %d characters", what, max))
	}
	return s, err
}
