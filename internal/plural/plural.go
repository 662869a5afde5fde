// Package plural writes counts of things in English, so that no page, file
// or message says "1 comments".
package plural

import "strconv"

// Count writes n and the noun, with an s unless n is 1: "1 comment",
// "0 comments", "2 upvotes". Nouns with other plurals take Of.
func Count(n int, noun string) string { return Of(n, noun, noun+"s") }

// Of writes n and the singular or the plural: Of(2, "reply", "replies").
func Of(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
