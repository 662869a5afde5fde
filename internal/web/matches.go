package web

import (
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// matchCount says how many papers a search matched: "1 paper matches",
// "1,234 papers match", or "at least 2,000 papers match" when the search
// stopped counting at its cap.
func matchCount(total int, lowerBound bool) string {
	p := message.NewPrinter(language.English)
	switch {
	case lowerBound:
		return p.Sprintf("at least %d papers match", total)
	case total == 1:
		return "1 paper matches"
	}
	return p.Sprintf("%d papers match", total)
}
