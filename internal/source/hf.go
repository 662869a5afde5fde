package source

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
)

// maxHFElement bounds one element of a daily_papers array, which
// json.Decoder would otherwise buffer whatever its size. Real ones are up to
// 12 KB; a paper with thousands of authors could reach a megabyte.
const maxHFElement = 4 << 20

const hfOrigin = "https://huggingface.co"

// hfEntry is one element of /api/daily_papers. The response changed shape
// many times since 2024 (see testdata/hf and SOURCES.md); every generation's
// fields are here and all are optional.
type hfEntry struct {
	Paper       hfPaper  `json:"paper"`
	PublishedAt string   `json:"publishedAt"` // when submitted to the feed, before paper.submittedOnDailyAt existed
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Thumbnail   string   `json:"thumbnail"`
	MediaURLs   []string `json:"mediaUrls"`
	MediaURL    string   `json:"mediaUrl"` // 2024-05-27 … 2024-06-11 only
	NumComments int      `json:"numComments"`
	SubmittedBy *hfUser  `json:"submittedBy"`
}

type hfPaper struct {
	ID                 string          `json:"id"`
	Title              string          `json:"title"`
	Summary            string          `json:"summary"`
	Authors            []hfAuthor      `json:"authors"`
	PublishedAt        string          `json:"publishedAt"`
	SubmittedOnDailyAt string          `json:"submittedOnDailyAt"`
	SubmittedOnDailyBy *hfUser         `json:"submittedOnDailyBy"`
	Upvotes            int             `json:"upvotes"`
	MediaURLs          []string        `json:"mediaUrls"`
	GitHubRepo         string          `json:"githubRepo"`
	GitHubStars        int             `json:"githubStars"`
	ProjectPage        string          `json:"projectPage"`
	AISummary          string          `json:"ai_summary"`
	AIKeywords         []string        `json:"ai_keywords"`
	WithdrawnAt        json.RawMessage `json:"withdrawnAt"`
}

type hfAuthor struct {
	Name string `json:"name"`
}

// hfUser is submittedBy, or paper.submittedOnDailyBy, which gives the handle
// as "user" (and, from 2026, also as "name").
type hfUser struct {
	ID        string `json:"_id"`
	Name      string `json:"name"`
	User      string `json:"user"`
	FullName  string `json:"fullname"`
	AvatarURL string `json:"avatarUrl"`
	Type      string `json:"type"`
}

// parseHF reads a /api/daily_papers response, a JSON array decoded one
// element at a time; positions are element indexes.
func parseHF(ctx context.Context, r io.Reader, opts Options, h Handler) error {
	if opts.FeedDay != "" {
		if _, err := time.Parse(paper.DayLayout, opts.FeedDay); err != nil {
			return fmt.Errorf("hf: feed day %q is not YYYY-MM-DD: %w", opts.FeedDay, err)
		}
	}
	lim := &hfLimiter{r: r, left: maxHFElement}
	dec := json.NewDecoder(lim)
	if err := hfOpen(dec, opts); err != nil {
		return err
	}
	index := 0
	for dec.More() {
		if err := ctx.Err(); err != nil {
			return err
		}
		index++
		lim.left = maxHFElement
		if err := hfElement(dec, Position{File: opts.File, Index: index}, opts, h); err != nil {
			return err
		}
	}
	return hfClose(dec, Position{File: opts.File, Index: index})
}

// hfElement decodes the next element and hands its record to h, or rejects
// it; it returns only errors that end the parse.
func hfElement(dec *json.Decoder, pos Position, opts Options, h Handler) error {
	var e hfEntry
	if err := dec.Decode(&e); err != nil {
		if whole := hfInputError(pos, err); whole != nil {
			return whole
		}
		h.Reject(&RecordError{Pos: pos, Err: fmt.Errorf("%w: %v", ErrMalformed, err)})
		return nil
	}
	rec, err := e.record(opts)
	if err != nil {
		h.Reject(&RecordError{Pos: pos, Err: err})
		return nil
	}
	rec.Pos = pos
	if err := h.Record(rec); err != nil {
		return fmt.Errorf("%s: %w", pos, err)
	}
	return nil
}

// hfOpen reads the '[' that starts the response.
func hfOpen(dec *json.Decoder, opts Options) error {
	tok, err := dec.Token()
	if errors.Is(err, io.EOF) {
		return fmt.Errorf("%s: %w: empty input", Position{File: opts.File}, ErrUnsupported)
	}
	if d, ok := tok.(json.Delim); err != nil || !ok || d != '[' {
		return fmt.Errorf("%s: %w: not a JSON array of daily papers", Position{File: opts.File}, ErrUnsupported)
	}
	return nil
}

// hfClose reads the ']' that ends the response.
func hfClose(dec *json.Decoder, pos Position) error {
	_, err := dec.Token()
	if err == nil {
		return nil
	}
	if whole := hfInputError(pos, err); whole != nil {
		return whole
	}
	return fmt.Errorf("%s: %w: %v", pos, ErrMalformed, err)
}

// hfInputError tells errors that end the parse (the JSON is cut short or
// broken, which json.Decoder cannot resume from) from an element of the wrong
// shape, which is only that element's problem.
func hfInputError(pos Position, err error) error {
	var syntax *json.SyntaxError
	switch {
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return fmt.Errorf("%s: input ends inside the array: %w", pos, ErrTruncated)
	case errors.Is(err, errHFElementTooLarge):
		return fmt.Errorf("%s: %w: element larger than %d bytes", pos, ErrMalformed, maxHFElement)
	case errors.As(err, &syntax):
		return fmt.Errorf("%s: %w: invalid JSON at byte %d: %v", pos, ErrMalformed, syntax.Offset, err)
	case errors.As(err, new(*json.UnmarshalTypeError)):
		return nil
	}
	return fmt.Errorf("%s: read: %w", pos, err)
}

func (e *hfEntry) record(opts Options) (Record, error) {
	p, err := e.paper()
	if err != nil {
		return Record{}, err
	}
	entry, err := e.entry(p.ID, opts)
	if err != nil {
		return Record{}, fmt.Errorf("%w: %s: %v", ErrMalformed, p.ID, err)
	}
	rec := Record{Paper: p, Entry: entry, Submitter: e.submitter()}
	if rec.Submitter != nil {
		entry.Submitter = rec.Submitter.Name
	}
	return rec, nil
}

// paper maps the entry's paper. Hugging Face names no version and no
// update, only the first publication, so Version and UpdatedAt stay zero:
// the description ranks below any arXiv one and only fills what arXiv
// sources lack (see paper.Rank).
func (e *hfEntry) paper() (paper.Paper, error) {
	ep := &e.Paper
	id, err := arxivid.Canonical(ep.ID)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%w: paper.id: %v", ErrMalformed, err)
	}
	published, err := parseHFTime(ep.PublishedAt)
	if err != nil {
		return paper.Paper{}, fmt.Errorf("%w: %s: paper.publishedAt: %v", ErrMalformed, id, err)
	}
	p := paper.Paper{
		ID:          id,
		Title:       cleanText(hfFirst(ep.Title, e.Title)),
		Abstract:    cleanText(hfFirst(ep.Summary, e.Summary)),
		PublishedAt: published,
		GitHubRepo:  strings.TrimSpace(ep.GitHubRepo),
		GitHubStars: ep.GitHubStars,
		ProjectPage: strings.TrimSpace(ep.ProjectPage),
		AISummary:   cleanText(ep.AISummary),
		AIKeywords:  jsonNilIfEmpty(ep.AIKeywords),
	}
	if p.Title == "" {
		return paper.Paper{}, fmt.Errorf("%w: %s: empty title", ErrMalformed, id)
	}
	for _, a := range ep.Authors {
		// Hidden authors are hidden from the author's profile, not the paper.
		if name := cleanText(a.Name); name != "" {
			p.Authors = append(p.Authors, paper.Author{Name: name})
		}
	}
	// withdrawnAt is explicit when present; older responses never had it.
	w := strings.TrimSpace(string(ep.WithdrawnAt))
	p.Withdrawn = (w != "" && w != "null") || looksWithdrawn("", p.Abstract)
	return p, nil
}

// entry places the paper on its feed day: the requested day if known, else
// the day it was submitted to the feed (submittedOnDailyAt, or before that
// existed the entry's publishedAt) in the site's time zone.
func (e *hfEntry) entry(id string, opts Options) (*paper.Entry, error) {
	when, err := parseHFTime(hfFirst(e.Paper.SubmittedOnDailyAt, e.PublishedAt, e.Paper.PublishedAt))
	if err != nil {
		return nil, fmt.Errorf("submission time: %v", err)
	}
	day := opts.FeedDay
	if day == "" {
		if when.IsZero() {
			return nil, errors.New("no submission or publication time to put it on a day")
		}
		day = hfDay(when, e.Paper.SubmittedOnDailyAt != "", opts.location())
	}
	media := jsonNilIfEmpty(hfFirstSlice(e.MediaURLs, e.Paper.MediaURLs))
	if media == nil && e.MediaURL != "" {
		media = []string{e.MediaURL}
	}
	return &paper.Entry{
		PaperID:     id,
		Day:         day,
		SubmittedAt: when,
		Upvotes:     e.Paper.Upvotes,
		NumComments: e.NumComments,
		Thumbnail:   e.Thumbnail,
		MediaURLs:   media,
	}, nil
}

// hfDay is the feed day of a submission time. Hugging Face records the day
// a paper was put on its feed as midnight UTC of that day (every
// submittedOnDailyAt since 2026 is 00:00:00Z): such a time names a date, and
// converting it to a zone west of UTC would move every paper to the day
// before. Any other time is a moment, counted in the site's time zone.
func hfDay(t time.Time, onDaily bool, loc *time.Location) string {
	u := t.UTC()
	if onDaily && u.Hour() == 0 && u.Minute() == 0 && u.Second() == 0 && u.Nanosecond() == 0 {
		return u.Format(paper.DayLayout)
	}
	return t.In(loc).Format(paper.DayLayout)
}

// submitter is the user who put the paper on the feed, nil if unknown.
func (e *hfEntry) submitter() *paper.User {
	u := e.SubmittedBy
	if u == nil {
		u = e.Paper.SubmittedOnDailyBy
	}
	if u == nil {
		return nil
	}
	name := strings.TrimSpace(hfFirst(u.Name, u.User))
	if name == "" {
		return nil
	}
	return &paper.User{
		Name:      name,
		FullName:  cleanText(u.FullName),
		AvatarURL: absoluteHFURL(u.AvatarURL),
		Type:      u.Type,
		HFID:      u.ID,
	}
}

// absoluteHFURL resolves the site-relative avatar paths ("/avatars/…")
// Hugging Face gives for users without an uploaded picture.
func absoluteHFURL(s string) string {
	s = strings.TrimSpace(s)
	switch {
	case strings.HasPrefix(s, "//"):
		return "https:" + s
	case strings.HasPrefix(s, "/"):
		return hfOrigin + s
	}
	return s
}

// parseHFTime parses Hugging Face's ISO 8601 times; empty is the zero time.
func parseHFTime(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad time %q", s)
	}
	return t.UTC(), nil
}

func hfFirst(s ...string) string {
	for _, v := range s {
		if strings.TrimSpace(v) != "" {
			return v
		}
	}
	return ""
}

func hfFirstSlice(s ...[]string) []string {
	for _, v := range s {
		if len(v) > 0 {
			return v
		}
	}
	return nil
}

var errHFElementTooLarge = errors.New("element too large")

// hfLimiter fails a read once more than left bytes were read since the
// parser last reset it, which bounds what json.Decoder buffers for one element.
type hfLimiter struct {
	r    io.Reader
	left int
}

func (l *hfLimiter) Read(p []byte) (int, error) {
	if l.left <= 0 {
		return 0, errHFElementTooLarge
	}
	if len(p) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= n
	return n, err
}
