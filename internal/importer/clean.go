package importer

import (
	"errors"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/source"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Dropped is a value an import refused because it breaks a rule that the
// same value typed by a person must follow; the rest of its record is kept.
type Dropped struct {
	Field  string // e.g. "github_repo", "submitter"
	Value  string // as the input had it, cut to maxDroppedValue bytes
	Reason string
}

// maxDroppedValue bounds what a log line repeats of a refused value.
const maxDroppedValue = 200

// Clean applies to a record the rules of what people type here: links
// (code repository, project page, thumbnail, media, avatar) are https
// links as usertext.LinkURL accepts them, and normalized as it does; a
// submitter's username is one usertext.ImportedUsername accepts and their
// full name one usertext.FullName accepts. A value that breaks its rule is
// dropped and listed; a submitter whose username does, with the rest of
// their profile, as nothing else identifies them. The paper is kept.
// Imports from files are as untrusted as a form: the JSON API answers
// what is stored, and pages are not the only place that shows it.
func Clean(rec *source.Record) []Dropped {
	var c cleaner
	c.link("github_repo", &rec.Paper.GitHubRepo)
	c.link("project_page", &rec.Paper.ProjectPage)
	hadSubmitter := rec.Submitter != nil
	if hadSubmitter {
		rec.Submitter = c.user(*rec.Submitter)
	}
	if rec.Entry != nil {
		e := *rec.Entry
		c.link("thumbnail", &e.Thumbnail)
		e.MediaURLs = c.links("media_url", e.MediaURLs)
		switch {
		case rec.Submitter != nil:
			e.Submitter = rec.Submitter.Name
		case hadSubmitter: // dropped above
			e.Submitter = ""
		case e.Submitter != "" && c.username("submitter", e.Submitter):
			e.Submitter = ""
		}
		rec.Entry = &e
	}
	return c.dropped
}

// cleanItem is the store item of a record after Clean, and what Clean dropped.
func cleanItem(rec source.Record) (store.Item, []Dropped) {
	dropped := Clean(&rec)
	return store.Item{Paper: rec.Paper, Entry: rec.Entry, Submitter: rec.Submitter}, dropped
}

// cleaner collects what Clean drops.
type cleaner struct{ dropped []Dropped }

func (c *cleaner) drop(field, value string, err error) {
	if len(value) > maxDroppedValue {
		value = value[:maxDroppedValue]
	}
	c.dropped = append(c.dropped, Dropped{Field: field, Value: value, Reason: err.Error()})
}

// link normalizes the link at *v, or drops it.
func (c *cleaner) link(field string, v *string) {
	norm, err := usertext.LinkURL(*v)
	if err != nil {
		c.drop(field, *v, err)
	}
	*v = norm
}

// links returns the valid links of vs, normalized, in a new slice.
func (c *cleaner) links(field string, vs []string) []string {
	var out []string
	for _, v := range vs {
		if c.link(field, &v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// username reports whether the name breaks the rules, dropping it if so.
func (c *cleaner) username(field, name string) (bad bool) {
	if _, err := usertext.ImportedUsername(name); err != nil {
		c.drop(field, name, err)
		return true
	}
	return false
}

// user returns the profile with its bad fields dropped, or nil when its
// username is bad.
func (c *cleaner) user(u paper.User) *paper.User {
	if c.username("submitter", u.Name) {
		return nil
	}
	full, err := usertext.FullName(u.FullName)
	if err != nil {
		c.drop("submitter_fullname", u.FullName, err)
	}
	u.FullName = full
	c.link("submitter_avatar", &u.AvatarURL)
	if u.Type != "" && u.Type != "user" && u.Type != "org" {
		c.drop("submitter_type", u.Type, errors.New("type must be user or org"))
		u.Type = ""
	}
	if u.HFID != "" && !validHFID(u.HFID) {
		c.drop("submitter_id", u.HFID, errors.New("id must be up to 64 letters and digits"))
		u.HFID = ""
	}
	return &u
}

// validHFID reports whether id looks like a Hugging Face id: 24 hex digits
// today, allowed up to 64 letters and digits.
func validHFID(id string) bool {
	if len(id) > 64 {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z') {
			return false
		}
	}
	return true
}
