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
	// Day is the feed day of an already-submitted paper.
	Day  string
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
	// Pending: the paper is new here and is being fetched from arXiv; it
	// goes on the feed when it arrives (see PaperFetch for how it went).
	Pending bool
}

// Submit puts a paper, named by any form of its arXiv id or URL, on a feed
// day for the account: today's, or for curators the day they choose. A
// paper the store lacks is fetched from arXiv in the background: Submit
// waits for it a moment (Options.SubmitWait) and then answers Pending.
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
		if err := s.CheckNew(a, id); err != nil {
			return out, err
		}
		return s.fetch.submit(ctx, a, out)
	}
	if err != nil {
		return out, err
	}
	return out, s.place(ctx, a, p, out.Day)
}

// place puts a stored paper on a feed day for the account, under the rules.
func (s *Service) place(ctx context.Context, a store.Account, p paper.Paper, day string) error {
	if err := s.Check(ctx, a, p); err != nil {
		return err
	}
	sub := store.Submission{PaperID: p.ID, Day: day, Submitter: a.ID}
	if !a.Curates() {
		sub.MaxPerDay = s.opts.Rules.PerDay
	}
	return s.submitted(s.store.Submit(ctx, sub))
}

// Check says why the account may not submit a stored paper, or nil when
// it may: the paper is on a feed day already (answered with that day before
// its age is looked at: it is there to upvote, however old), or too old.
func (s *Service) Check(ctx context.Context, a store.Account, p paper.Paper) error {
	if de, err := s.store.Entry(ctx, p.ID); err == nil {
		return s.submitted(&store.AlreadySubmitted{Day: de.Entry.Day})
	} else if !errors.Is(err, paper.ErrNotFound) {
		return err
	}
	if a.Curates() {
		return nil
	}
	return s.checkAge(p)
}

// CheckNew says why the account may not submit a paper the store lacks, as
// far as its id tells before anything is fetched: arXiv ids carry the year
// and month of the first version, so a paper from a month long past is too
// old (0901.1234 always is). Nil when the paper may be fetched.
func (s *Service) CheckNew(a store.Account, id string) error {
	if a.Curates() {
		return nil
	}
	month, ok := idMonth(id)
	if !ok {
		return nil
	}
	// The first version appeared within the month; a day's grace for
	// the time zones of arXiv's clock.
	latest := month.AddDate(0, 1, 1)
	if s.opts.Now().Sub(latest) <= s.opts.Rules.MaxAge {
		return nil
	}
	return &RuleError{Rule: "age", kind: paper.ErrForbidden,
		Msg: fmt.Sprintf("the daily feed takes papers whose first version is at most %d days old; arXiv numbered this one in %s",
			s.maxAgeDays(), month.Format("January 2006"))}
}

// idMonth is the month an arXiv id was given in: YYMM.NNNNN, or
// archive/YYMMNNN for the old ids (1991 to March 2007).
func idMonth(id string) (time.Time, bool) {
	parsed, err := arxivid.Parse(id)
	if err != nil {
		return time.Time{}, false
	}
	digits := parsed.Base
	if parsed.Old() {
		digits = digits[len(digits)-7:]
	}
	yy, err1 := strconv.Atoi(digits[:2])
	mm, err2 := strconv.Atoi(digits[2:4])
	if err1 != nil || err2 != nil || mm < 1 || mm > 12 {
		return time.Time{}, false
	}
	year := 2000 + yy
	if yy >= 91 {
		year = 1900 + yy
	}
	return time.Date(year, time.Month(mm), 1, 0, 0, 0, 0, time.UTC), true
}

func (s *Service) maxAgeDays() int { return int(s.opts.Rules.MaxAge / (24 * time.Hour)) }

// checkAge applies the age rule to the paper's first version.
func (s *Service) checkAge(p paper.Paper) error {
	first := p.PublishedAt
	if len(p.Versions) > 0 && !p.Versions[0].Date.IsZero() {
		first = p.Versions[0].Date
	}
	if first.IsZero() || s.opts.Now().Sub(first) <= s.opts.Rules.MaxAge {
		return nil
	}
	return &RuleError{Rule: "age", kind: paper.ErrForbidden,
		Msg: fmt.Sprintf("the daily feed takes papers whose first version is at most %d days old; this one appeared on %s", s.maxAgeDays(), first.Format("2 January 2006"))}
}

// submitted turns the store's refusals into rule errors.
func (s *Service) submitted(err error) error {
	var dup *store.AlreadySubmitted
	var many *store.TooManySubmissions
	switch {
	case errors.As(err, &dup):
		return &RuleError{Rule: "already-submitted", kind: paper.ErrConflict, Day: dup.Day,
			Msg: fmt.Sprintf("this paper is already on the feed of %s; a paper is on one day only: upvote it there", dup.Day)}
	case errors.As(err, &many):
		now := s.opts.Now().In(s.opts.Location)
		tomorrow := time.Date(now.Year(), now.Month(), now.Day()+1, 0, 0, 0, 0, s.opts.Location)
		return &RuleError{Rule: "per-day", Msg: many.Error() + "; try again tomorrow",
			kind: &paper.Throttled{Msg: many.Error(), After: tomorrow.Sub(now)}}
	}
	return err
}
