package api

import (
	"strconv"
	"time"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// The shapes below are Hugging Face's, field for field and in its spelling
// (camelCase, but _id, ai_summary and ai_keywords). Optional fields are left
// out when empty, as Hugging Face does.

// entryJSON is one element of /api/daily_papers.
type entryJSON struct {
	Paper paperJSON `json:"paper"`
	// PublishedAt is the paper's first publication, as Hugging Face has
	// sent it since 2025 (in 2024 it was the submission time, which
	// paper.submittedOnDailyAt now carries).
	PublishedAt           hfTime    `json:"publishedAt"`
	Title                 string    `json:"title"`
	Summary               string    `json:"summary"`
	Thumbnail             string    `json:"thumbnail"`
	NumComments           int       `json:"numComments"`
	SubmittedBy           *userJSON `json:"submittedBy,omitempty"`
	IsAuthorParticipating bool      `json:"isAuthorParticipating"`
	MediaURLs             []string  `json:"mediaUrls,omitempty"`
}

// paperJSON is the paper object of an entry, and of /api/papers.
type paperJSON struct {
	ID                 string       `json:"id"`
	Authors            []authorJSON `json:"authors"`
	PublishedAt        hfTime       `json:"publishedAt"`
	SubmittedOnDailyAt hfTime       `json:"submittedOnDailyAt,omitzero"`
	SubmittedOnDailyBy *dailyByJSON `json:"submittedOnDailyBy,omitempty"`
	Title              string       `json:"title"`
	Summary            string       `json:"summary"`
	Upvotes            int          `json:"upvotes"`
	DiscussionID       string       `json:"discussionId"`
	AISummary          string       `json:"ai_summary,omitempty"`
	AIKeywords         []string     `json:"ai_keywords,omitempty"`
	GitHubRepo         string       `json:"githubRepo,omitempty"`
	GitHubStars        *int         `json:"githubStars,omitempty"` // with githubRepo, even 0
	ProjectPage        string       `json:"projectPage,omitempty"`
	WithdrawnAt        hfTime       `json:"withdrawnAt,omitzero"`
}

type authorJSON struct {
	ID     string `json:"_id"`
	Name   string `json:"name"`
	Hidden bool   `json:"hidden"`
	// User, Status and StatusLastChangedAt name the verified author of
	// the name (see claims.go); absent otherwise.
	User                *userJSON `json:"user,omitempty"`
	Status              string    `json:"status,omitempty"`
	StatusLastChangedAt hfTime    `json:"statusLastChangedAt,omitzero"`
}

// userJSON is an entry's submittedBy.
type userJSON struct {
	ID        string `json:"_id"`
	Name      string `json:"name"`
	FullName  string `json:"fullname"`
	AvatarURL string `json:"avatarUrl"`
	Type      string `json:"type"`
}

// dailyByJSON is paper.submittedOnDailyBy, which names the handle "user"
// (and, since 2026, also "name").
type dailyByJSON struct {
	ID        string `json:"_id"`
	AvatarURL string `json:"avatarUrl"`
	FullName  string `json:"fullname"`
	User      string `json:"user"`
	Name      string `json:"name"`
	Type      string `json:"type"`
}

// entryOf shapes a feed entry; a paper on no day (a search hit) has a zero
// Entry and gets the entry-level fields from the paper, 0 upvotes.
func entryOf(de store.DayEntry) entryJSON {
	p := &de.Paper
	return entryJSON{
		Paper:       paperOf(de),
		PublishedAt: hfTime(p.PublishedAt),
		Title:       p.Title,
		Summary:     p.Abstract,
		Thumbnail:   webURL(de.Entry.Thumbnail),
		NumComments: de.Entry.NumComments,
		SubmittedBy: userOf(de.Submitter),
		MediaURLs:   webURLs(de.Entry.MediaURLs),

		IsAuthorParticipating: de.AuthorParticipating,
	}
}

// paperOf shapes the paper of a feed entry, or of no entry (zero Entry).
func paperOf(de store.DayEntry) paperJSON {
	p := &de.Paper
	out := paperJSON{
		ID:                 p.ID,
		Authors:            authorsOf(p),
		PublishedAt:        hfTime(p.PublishedAt),
		SubmittedOnDailyAt: hfTime(de.Entry.SubmittedAt),
		Title:              p.Title,
		Summary:            p.Abstract,
		Upvotes:            de.Entry.Upvotes,
		DiscussionID:       stableID("discussion", p.ID),
		AISummary:          p.AISummary,
		AIKeywords:         p.AIKeywords,
		GitHubRepo:         webURL(p.GitHubRepo),
		ProjectPage:        webURL(p.ProjectPage),
		WithdrawnAt:        hfTime(withdrawnAt(p)),
	}
	if out.GitHubRepo != "" {
		out.GitHubStars = &p.GitHubStars
	}
	if u := de.Submitter; u != nil {
		out.SubmittedOnDailyBy = &dailyByJSON{
			ID: userID(u), AvatarURL: webURL(u.AvatarURL), FullName: u.FullName, User: u.Name, Name: u.Name, Type: userType(u),
		}
	}
	return out
}

func authorsOf(p *paper.Paper) []authorJSON {
	out := make([]authorJSON, len(p.Authors))
	for i, a := range p.Authors {
		out[i] = authorJSON{ID: stableID("author", p.ID, strconv.Itoa(i)), Name: a.Name}
	}
	return out
}

func userOf(u *paper.User) *userJSON {
	if u == nil {
		return nil
	}
	return &userJSON{ID: userID(u), Name: u.Name, FullName: u.FullName, AvatarURL: webURL(u.AvatarURL), Type: userType(u)}
}

// userID keeps the Hugging Face id of an imported user, so clients that
// matched users by id still can.
func userID(u *paper.User) string {
	if u.HFID != "" {
		return u.HFID
	}
	return stableID("user", u.Name)
}

// webURLs are the links of us that webURL keeps. Links are checked when
// stored, but a database may hold some from before imports were checked:
// the API shows only what pages would link to.
func webURLs(us []string) []string {
	var out []string
	for _, u := range us {
		if u = webURL(u); u != "" {
			out = append(out, u)
		}
	}
	return out
}

func userType(u *paper.User) string {
	if u.Type != "" {
		return u.Type
	}
	return "user"
}

// withdrawnAt is when a withdrawn paper was withdrawn as far as we know: its
// newest version (the withdrawal notice), else its last change.
func withdrawnAt(p *paper.Paper) time.Time {
	if !p.Withdrawn {
		return time.Time{}
	}
	if n := len(p.Versions); n > 0 && !p.Versions[n-1].Date.IsZero() {
		return p.Versions[n-1].Date
	}
	if !p.UpdatedAt.IsZero() {
		return p.UpdatedAt
	}
	return p.PublishedAt
}
