package community

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/store"
)

// RuleError is a submission a rule refused: it names the rule and says why.
type RuleError struct {
	Rule string // "age", "per-day", "already-submitted", "day"
	Msg  string
	kind error
}

func (e *RuleError) Error() string { return e.Msg }
func (e *RuleError) Unwrap() error { return e.kind }

// PublicMessage is the message, written for the submitter.
func (e *RuleError) PublicMessage() string { return e.Msg }

// Submitted is the outcome of a submission.
type Submitted struct {
	PaperID string
	Day     string
	Fetched bool // the paper was new here and came from arXiv
}

// Submit puts a paper, named by any form of its arXiv id or URL, on a feed
// day for the account: today's, or for curators the day they choose. A
// paper the store lacks is fetched from arXiv first.
func (s *Service) Submit(ctx context.Context, a store.Account, raw, day string) (Submitted, error) {
	id, err := arxivid.Canonical(raw)
	if err != nil {
		return Submitted{}, paper.Public(paper.ErrInvalid, fmt.Sprintf("%q is not an arXiv id or URL", truncate(raw, 100)))
	}
	var out Submitted
	err = ratelimit.Do(ctx, s.limits.submit, strconv.FormatInt(a.ID, 10), "submissions", func() error {
		var err error
		out, err = s.submit(ctx, a, id, day)
		return err
	})
	return out, err
}

// submit is Submit once the rate limit allowed it.
func (s *Service) submit(ctx context.Context, a store.Account, id, day string) (Submitted, error) {
	out := Submitted{PaperID: id, Day: period.Today(s.opts.Now(), s.opts.Location).Start.Format(paper.DayLayout)}
	if day != "" && day != out.Day {
		if !a.Curates() {
			return out, &RuleError{Rule: "day", Msg: "only curators choose the feed day of a submission", kind: paper.ErrForbidden}
		}
		if _, err := time.Parse(paper.DayLayout, day); err != nil {
			return out, paper.Public(paper.ErrInvalid, fmt.Sprintf("feed day %q: want YYYY-MM-DD", day))
		}
		out.Day = day
	}
	p, err := s.store.GetPaper(ctx, id)
	if errors.Is(err, paper.ErrNotFound) {
		if s.fetch == nil {
			return out, paper.Public(paper.ErrNotFound, fmt.Sprintf("we have no paper %s, and this site does not fetch papers from arXiv", id))
		}
		if err := s.fetch.FetchPaper(ctx, strconv.FormatInt(a.ID, 10), id); err != nil {
			return out, err
		}
		out.Fetched = true
		p, err = s.store.GetPaper(ctx, id)
	}
	if err != nil {
		return out, err
	}
	sub := store.Submission{PaperID: id, Day: out.Day, Submitter: a.ID}
	if !a.Curates() {
		if err := s.checkAge(p); err != nil {
			return out, err
		}
		sub.MaxPerDay = s.opts.Rules.PerDay
	}
	return out, s.submitted(s.store.Submit(ctx, sub))
}

// checkAge applies the age rule to the paper's first version.
func (s *Service) checkAge(p paper.Paper) error {
	first := p.PublishedAt
	if len(p.Versions) > 0 && !p.Versions[0].Date.IsZero() {
		first = p.Versions[0].Date
	}
	if first.IsZero() || s.opts.Now().Sub(first) <= s.opts.Rules.MaxAge {
		return nil
	}
	days := int(s.opts.Rules.MaxAge / (24 * time.Hour))
	return &RuleError{Rule: "age", kind: paper.ErrForbidden,
		Msg: fmt.Sprintf("the daily feed takes papers whose first version is at most %d days old; this one appeared on %s", days, first.Format("2 January 2006"))}
}

// submitted turns the store's refusals into rule errors.
func (s *Service) submitted(err error) error {
	var dup *store.AlreadySubmitted
	var many *store.TooManySubmissions
	switch {
	case errors.As(err, &dup):
		return &RuleError{Rule: "already-submitted", kind: paper.ErrConflict,
			Msg: fmt.Sprintf("this paper is already on the feed of %s; a paper is on one day only", dup.Day)}
	case errors.As(err, &many):
		now := s.opts.Now().In(s.opts.Location)
		tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, s.opts.Location)
		return &RuleError{Rule: "per-day", Msg: many.Error() + "; try again tomorrow",
			kind: &paper.Throttled{Msg: many.Error(), After: tomorrow.Sub(now)}}
	}
	return err
}
