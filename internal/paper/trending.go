package paper

import (
	"math"
	"time"
)

// The trending order, stated on the trending page because readers of the
// reference product ask what its order means. It is the gravity formula of
// news aggregators: votes count, and every hour of age weighs a little more.
const (
	// TrendingWindow is how far back trending looks.
	TrendingWindow = 7 * 24 * time.Hour
	// TrendingGravity is the power of age in the formula.
	TrendingGravity = 1.5
	// TrendingFormula states the formula for people.
	TrendingFormula = "score = (upvotes + 1) / (hours since the paper was put on the feed + 2)^1.5, over the papers of a 7-day window of the feed: the last 7 days, or the 7 days up to the latest feed day when none is that recent"
)

// TrendingScore is the score of a paper with upvotes submitted age ago.
func TrendingScore(upvotes int, age time.Duration) float64 {
	hours := max(age.Hours(), 0)
	return float64(upvotes+1) / math.Pow(hours+2, TrendingGravity)
}
