package web

import (
	"net/http"

	"github.com/dailypapers/dailypapers/internal/site"
)

// apiDocsPage is /docs/api: what the JSON API answers, for a reader
// following the footer's link rather than a script.
type apiDocsPage struct {
	basePage
	Origin string // what the examples' addresses start with
	Reads  []endpoint
	Writes []endpoint
}

// endpoint is one route of the API as the page explains it; Try, when
// set, is an address of it to open as an example.
type endpoint struct {
	Method, Path, About, Try string
}

// apiReads and apiWrites are the routes internal/api registers, as the
// README documents them.
var (
	apiReads = []endpoint{
		{"GET", "/api/daily_papers?date=|week=|month=&submitter=&sort=&p=&limit=",
			"The papers of a feed day (2026-11-27), an ISO week (2026-W48) or a month (2026-11), most upvoted first, as Hugging Face's daily papers answer: without a period the latest day, with sort=trending the trending list.",
			"/api/daily_papers?limit=5"},
		{"GET", "/api/papers/{id}",
			"One paper, by arXiv id; ?field=comments adds its discussion. numComments counts the comments here and on Hugging Face; numCommentsHere and numCommentsOnHuggingFace split it.", ""},
		{"GET", "/api/papers/search?q=&limit=&sort=relevance|newest|upvotes",
			"Full-text search, Hugging Face's bare JSON array; the X-Total-Count header says how many papers matched (with X-Total-Count-Is-Lower-Bound: true past 2,000).",
			"/api/papers/search?q=transformer&limit=5"},
		{"GET", "/api/papers?cursor=&limit=",
			"Every paper, newest first, a page at a time; the Link header names the next page.", "/api/papers?limit=5"},
		{"GET", "/api/papers/{id}/similar?limit=", "The papers most like one paper.", ""},
		{"GET", "/api/papers/for-you?date=|week=|month=&limit=",
			"Personal: the papers of a period (default this week, 20, at most 100) most like the ones you saved and upvoted, each with its reason. Needs an API token or the site's session cookie.", ""},
	}
	apiWrites = []endpoint{
		{"POST", "/api/papers/submit", `Submits {"paper_id": "…"} to the daily feed: 201 with the paper's entry, or 202 while it is fetched from arXiv; a refusal names its rule ("age", "per-day", "already-submitted", "day").`, ""},
		{"POST, DELETE", "/api/papers/{id}/upvote", "Upvotes a paper, or takes the upvote back.", ""},
		{"POST, DELETE", "/api/papers/{id}/save", `Saves a paper to your reading list, with an optional {"note": "…"}: 200 {"saved": true}; DELETE answers 204.`, ""},
		{"POST, DELETE", "/api/papers/{id}/dismiss", `Marks a paper not interesting for your recommendations: 200 {"dismissed": true}; DELETE answers 204.`, ""},
		{"POST", "/api/papers/{id}/comment", `Comments on a paper: {"comment": "…"}.`, ""},
		{"POST", "/api/papers/{id}/comment/{commentId}/reply", `Replies to a comment: {"comment": "…"}.`, ""},
	}
)

func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	p := apiDocsPage{basePage: s.base(r, "JSON API — Daily Papers"), Origin: site.Origin(s.opts.BaseURL, r),
		Reads: apiReads, Writes: apiWrites}
	p.Description = "The Daily Papers JSON API: the daily, weekly and monthly papers, search, papers and similar papers, " +
		"as Hugging Face's API answers them, and upvotes, saves, comments and submissions with an API token."
	return s.render(w, "apidocs.html", &p)
}
