// Package paper holds the domain model of Daily Papers: papers with their arXiv
// metadata, the daily feed entries that put them on a day, and the users who
// submitted them. It knows nothing of storage, HTTP or file formats.
package paper

import "time"

// Author is one author of a paper, in the order the paper lists them.
type Author struct {
	Name         string   `json:"name"`
	Affiliations []string `json:"affiliations,omitempty"`
}

// Version is one arXiv version of a paper (v1, v2, ...). Size and SourceType
// are known only from the arXivRaw OAI format; a withdrawn version has size
// "0kb" and source type "I".
type Version struct {
	Version    int       `json:"version"`
	Date       time.Time `json:"date"`
	Size       string    `json:"size,omitempty"`
	SourceType string    `json:"source_type,omitempty"`
}

// Paper is an arXiv paper as Daily Papers keeps it. ID is the canonical arXiv
// identifier without a version (see package arxivid); Version is the newest
// version the metadata describes, which decides which of two descriptions of
// the same paper wins (0 when a source does not say, as Hugging Face does not).
type Paper struct {
	ID              string    `json:"id"`
	Version         int       `json:"version"`
	Title           string    `json:"title"`
	Abstract        string    `json:"abstract"`
	Authors         []Author  `json:"authors"`
	PrimaryCategory string    `json:"primary_category,omitempty"`
	Categories      []string  `json:"categories,omitempty"` // primary first, then cross-lists
	Comments        string    `json:"comments,omitempty"`
	JournalRef      string    `json:"journal_ref,omitempty"`
	DOIs            []string  `json:"dois,omitempty"`
	ReportNo        string    `json:"report_no,omitempty"`
	ACMClass        string    `json:"acm_class,omitempty"`
	MSCClass        string    `json:"msc_class,omitempty"`
	License         string    `json:"license,omitempty"`
	Submitter       string    `json:"submitter,omitempty"` // who submitted it to arXiv, as arXiv records it
	Versions        []Version `json:"versions,omitempty"`
	Withdrawn       bool      `json:"withdrawn,omitempty"`
	PublishedAt     time.Time `json:"published_at"` // first version
	UpdatedAt       time.Time `json:"updated_at"`   // newest version or metadata change known

	// Community metadata; Hugging Face is the only source that has it today.
	GitHubRepo  string   `json:"github_repo,omitempty"`
	GitHubStars int      `json:"github_stars,omitempty"`
	ProjectPage string   `json:"project_page,omitempty"`
	AISummary   string   `json:"ai_summary,omitempty"`
	AIKeywords  []string `json:"ai_keywords,omitempty"`

	// FieldRanks records, for each metadata field whose value came from a
	// description older than the paper's newest (Rank), that description's
	// rank, so that later merges stay order-independent. Usually empty.
	FieldRanks map[string]Rank `json:"field_ranks,omitempty"`
}

// User is someone shown beside a paper: an account of the site, or an
// imported submitter with just the public profile the source gives (name,
// full name, avatar). The two are apart: the same name may be an account
// here and a different person on Hugging Face.
type User struct {
	Name      string `json:"name"` // unique handle among users of the same Origin
	FullName  string `json:"fullname,omitempty"`
	AvatarURL string `json:"avatar_url,omitempty"`
	Type      string `json:"type,omitempty"` // "user" or "org", as Hugging Face says
	HFID      string `json:"hf_id,omitempty"`
	Origin    Origin `json:"origin,omitempty"`
}

// Origin says where a user comes from.
type Origin string

// The origins of users.
const (
	OriginLocal Origin = "local" // an account of this site, with its rights
	OriginHF    Origin = "hf"    // a Hugging Face user named by an import; no rights here
)

// Local reports whether u is an account of this site.
func (u *User) Local() bool { return u != nil && u.Origin == OriginLocal }

// Entry puts a paper on one feed day. A paper is on one day only. Day is the
// civil date in the site's time zone, formatted YYYY-MM-DD.
type Entry struct {
	PaperID     string    `json:"paper_id"`
	Day         string    `json:"day"`
	SubmittedAt time.Time `json:"submitted_at"`
	Submitter   string    `json:"submitter,omitempty"` // a User's Name; empty when unknown
	Upvotes     int       `json:"upvotes"`
	NumComments int       `json:"num_comments"` // all of them: those on Hugging Face and LocalComments
	// LocalComments are the comments made on this site that readers see,
	// part of NumComments; the rest were counted on Hugging Face and live
	// there (see HFComments).
	LocalComments int      `json:"local_comments,omitempty"`
	Thumbnail     string   `json:"thumbnail,omitempty"`
	MediaURLs     []string `json:"media_urls,omitempty"`
}

// HFComments is how many of the entry's comments were made on Hugging Face,
// as its imports counted them: they are not stored here.
func (e Entry) HFComments() int { return max(e.NumComments-e.LocalComments, 0) }

// DayLayout is the layout of Entry.Day.
const DayLayout = "2006-01-02"
