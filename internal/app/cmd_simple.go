package app

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/dailypapers/dailypapers/internal/plural"
	"github.com/dailypapers/dailypapers/internal/store"
)

func runMigrate(ctx context.Context, a *invocation) error {
	s, err := a.openStore(ctx, store.Options{NoMigrate: true})
	if err != nil {
		return err
	}
	defer s.Close()
	n, err := s.Migrate(ctx)
	if err != nil {
		return err
	}
	v, err := s.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "%s database %s: applied %s, schema version %d\n", s.Dialect(), a.cfg.RedactedDB(), plural.Count(n, "migration"), v)
	return nil
}

func runStats(ctx context.Context, a *invocation) error {
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(a.env.Stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(st)
}

// Version is the version of this build: the module version when built from
// a release, "devel" otherwise, with the VCS revision when known.
func Version() string {
	v := "devel"
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return v
	}
	if info.Main.Version != "" && info.Main.Version != "(devel)" {
		v = info.Main.Version
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += "+" + s.Value[:12]
		}
	}
	return v
}

func runVersion(ctx context.Context, a *invocation) error {
	fmt.Fprintf(a.env.Stdout, "dailypapers %s (%s %s/%s)\n", Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return nil
}
