package app

import (
	"context"
	"flag"
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/store"
)

// runDigest is "dailypapers digest preview|send|status".
func runDigest(ctx context.Context, a *invocation) error {
	if len(a.args) == 0 {
		return fmt.Errorf("%w: digest needs preview, send or status", ErrUsage)
	}
	sub := a.args[0]
	fs := flag.NewFlagSet("dailypapers digest "+sub, flag.ContinueOnError)
	fs.SetOutput(a.env.Stderr)
	date := fs.String("date", "", "the feed day, YYYY-MM-DD (default: the latest day with papers)")
	week := fs.String("week", "", "an ISO week, YYYY-Www: the weekly digest instead of the daily one")
	out := fs.String("o", "", "preview: write the HTML to this file (default: standard output)")
	if err := fs.Parse(a.args[1:]); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	d, err := a.newDigest(s)
	if err != nil {
		return err
	}
	if sub == "status" {
		return digestStatus(ctx, a, s)
	}
	frequency, period := digest.Daily, *date
	if *week != "" {
		frequency, period = digest.Weekly, *week
	}
	if period == "" {
		if period, err = d.LatestDay(ctx); err != nil {
			return err
		}
	}
	switch sub {
	case "preview":
		msg, err := d.Preview(ctx, frequency, period)
		if err != nil {
			return err
		}
		if *out == "" {
			_, err = fmt.Fprint(a.env.Stdout, msg.HTML)
			return err
		}
		return os.WriteFile(*out, []byte(msg.HTML), 0o644)
	case "send":
		run, err := d.Send(ctx, frequency, period)
		if err != nil {
			return err
		}
		c := run.Counts
		fmt.Fprintf(a.env.Stdout, "%s digest %s: %d sent, %d failed, %d unknown, %d skipped, %d waiting\n", run.Frequency, run.Period,
			c[store.DeliverySent], c[store.DeliveryFailed], c[store.DeliveryUnknown], c[store.DeliverySkipped],
			c[store.DeliveryQueued]+c[store.DeliveryClaimed]+c[store.DeliverySending])
		if run.Paused {
			return fmt.Errorf("the run was paused: most sends failed; see `digest status` and the log")
		}
		return nil
	}
	return fmt.Errorf("%w: unknown digest command %q (want preview, send or status)", ErrUsage, sub)
}

func digestStatus(ctx context.Context, a *invocation, s *store.Store) error {
	runs, err := s.Runs(ctx, 30)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "DIGEST\tPERIOD\tSENT\tQUEUED\tSENDING\tFAILED\tUNKNOWN\tSKIPPED\tSTATE\t")
	for _, r := range runs {
		state := "sending"
		switch {
		case !r.Finished.IsZero():
			state = "done"
		case r.Paused:
			state = "paused"
		case !r.Planned:
			state = "planning"
		}
		c := r.Counts
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%s\t\n", r.Frequency, r.Period, c[store.DeliverySent],
			c[store.DeliveryQueued]+c[store.DeliveryClaimed], c[store.DeliverySending], c[store.DeliveryFailed],
			c[store.DeliveryUnknown], c[store.DeliverySkipped], state)
	}
	return tw.Flush()
}
