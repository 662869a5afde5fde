package digest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/digestmail"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/period"
	"github.com/dailypapers/dailypapers/internal/store"
)

// ErrNothingToSend means the period has no papers: no digest is planned.
var ErrNothingToSend = paper.Public(paper.ErrNotFound, "there are no papers in that period, so there is no digest to send")

// frozen is a run's content as planned: the top papers and the rest of the
// period's papers that topic picks choose from.
type frozen struct {
	PeriodLabel string      `json:"periodLabel"`
	Top         []candidate `json:"top"`
	Others      []candidate `json:"others"`
}

// candidate is a paper of the period, with what topics match against.
type candidate struct {
	digestmail.Item
	Categories []string `json:"categories"`
	// Words is the lower-cased title, abstract and keywords, for keywords.
	Words string `json:"words"`
}

// periodOf parses a frequency's period: a day for daily, an ISO week for
// weekly.
func periodOf(frequency, p string) (period.Period, error) {
	switch frequency {
	case Daily:
		return period.ParseDay(p)
	case Weekly:
		return period.ParseWeek(p)
	}
	return period.Period{}, paper.Public(paper.ErrInvalid, fmt.Sprintf("frequency %q: want daily or weekly", frequency))
}

// content reads the period's papers, most upvoted first, as a run freezes
// them.
func (s *Service) content(ctx context.Context, frequency string, p period.Period) (frozen, error) {
	es, err := s.store.Entries(ctx, store.ListQuery{From: p.From(), To: p.To()})
	if err != nil {
		return frozen{}, err
	}
	if len(es) == 0 {
		return frozen{}, ErrNothingToSend
	}
	top := s.opts.TopDaily
	if frequency == Weekly {
		top = s.opts.TopWeekly
	}
	f := frozen{PeriodLabel: periodLabel(p)}
	for i, de := range es {
		c := candidateOf(de)
		if i < top {
			f.Top = append(f.Top, c)
		} else {
			f.Others = append(f.Others, c)
		}
	}
	return f, nil
}

func candidateOf(de store.DayEntry) candidate {
	p := &de.Paper
	item := digestmail.Item{ID: p.ID, Title: oneLine(p.Title), Upvotes: de.Entry.Upvotes, Comments: de.Entry.NumComments, HFComments: de.Entry.HFComments(),
		CodeURL: p.GitHubRepo, ProjectURL: p.ProjectPage, Summary: oneLine(p.AISummary)}
	if item.Summary == "" {
		item.Summary = oneLine(p.Abstract)
	}
	for _, a := range p.Authors {
		item.Authors = append(item.Authors, a.Name)
	}
	words := strings.ToLower(p.Title + " " + p.Abstract + " " + strings.Join(p.AIKeywords, " "))
	return candidate{Item: item, Categories: p.Categories, Words: words}
}

// oneLine collapses the white space of TeX-ish metadata.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// periodLabel names a period for people: "Friday, 27 November 2026",
// "Week 48, 2026 (23–29 November)".
func periodLabel(p period.Period) string {
	if p.Kind == period.Week {
		y, w := p.Start.ISOWeek()
		return fmt.Sprintf("Week %d, %d (%d %s – %d %s)", w, y, p.Start.Day(), p.Start.Month(), p.End.Day(), p.End.Month())
	}
	return p.Start.Format("Monday, 2 January 2006")
}

// picksFor chooses a subscriber's topic picks: papers of the period beyond
// the top ones in one of their categories or with one of their keywords,
// most upvoted first.
func (f frozen) picksFor(sub store.Subscriber) []string {
	if len(sub.Categories) == 0 && len(sub.Keywords) == 0 {
		return nil
	}
	const maxPicks = 5
	var out []string
	for _, c := range f.Others {
		if len(out) == maxPicks {
			break
		}
		if matches(c, sub) {
			out = append(out, c.ID)
		}
	}
	return out
}

func matches(c candidate, sub store.Subscriber) bool {
	for _, cat := range sub.Categories {
		if slices.Contains(c.Categories, cat) {
			return true
		}
	}
	for _, kw := range sub.Keywords {
		if kw = strings.ToLower(strings.TrimSpace(kw)); kw != "" && strings.Contains(c.Words, kw) {
			return true
		}
	}
	return false
}

// Plan makes the run of a frequency and period, freezing its content, and
// a delivery for every active subscriber of that frequency. Planning a run
// that exists adds only the deliveries missing (a planner that stopped
// half-way), with the content frozen the first time.
func (s *Service) Plan(ctx context.Context, frequency, p string) (store.Run, error) {
	if err := s.CheckConfig(); err != nil {
		return store.Run{}, err
	}
	per, err := periodOf(frequency, p)
	if err != nil {
		return store.Run{}, err
	}
	run, err := s.store.RunByPeriod(ctx, frequency, per.String())
	if errors.Is(err, paper.ErrNotFound) {
		f, err := s.content(ctx, frequency, per)
		if err != nil {
			return store.Run{}, err
		}
		data, err := json.Marshal(f)
		if err != nil {
			return store.Run{}, err
		}
		if run, err = s.store.CreateRun(ctx, frequency, per.String(), data); err != nil {
			return run, err
		}
	} else if err != nil {
		return run, err
	}
	if run.Planned {
		return run, nil
	}
	f, err := decodeFrozen(run)
	if err != nil {
		return run, err
	}
	fp, err := s.newForYouPlanner(ctx, per, f)
	if err != nil {
		return run, err
	}
	n, err := s.store.PlanDeliveriesWith(ctx, run, fp.picks)
	if err != nil {
		return run, err
	}
	s.opts.Log.Info("planned a digest", "frequency", frequency, "period", per.String(), "deliveries", n)
	return s.store.RunByPeriod(ctx, frequency, per.String())
}

// decodeFrozen reads a run's frozen content.
func decodeFrozen(run store.Run) (frozen, error) {
	var f frozen
	if err := json.Unmarshal(run.Papers, &f); err != nil {
		return f, fmt.Errorf("run %d content: %w", run.ID, err)
	}
	return f, nil
}
