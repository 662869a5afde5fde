package app

import (
	"context"
	"flag"
	"fmt"
	"text/tabwriter"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// runUser is "dailypapers user add|list|role".
func runUser(ctx context.Context, a *invocation) error {
	if len(a.args) == 0 {
		return fmt.Errorf("%w: user needs add, list or role", ErrUsage)
	}
	sub, args := a.args[0], a.args[1:]
	fs := flag.NewFlagSet("dailypapers user "+sub, flag.ContinueOnError)
	fs.SetOutput(a.env.Stderr)
	email := fs.String("email", "", "the address the user signs in with")
	name := fs.String("name", "", "the username")
	role := fs.String("role", store.RoleUser, "user, curator or admin")
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	switch sub {
	case "add":
		return userAdd(ctx, a, s, *email, *name, *role)
	case "list":
		return userList(ctx, a, s)
	case "role":
		if *name == "" && fs.NArg() == 2 {
			*name, *role = fs.Arg(0), fs.Arg(1)
		}
		if *name == "" {
			return fmt.Errorf("%w: user role --name NAME --role ROLE (or: user role NAME ROLE)", ErrUsage)
		}
		if err := s.SetRole(ctx, *name, *role); err != nil {
			return err
		}
		if err := s.Audit(ctx, 0, "user.role", "user "+*name, *role); err != nil {
			return err
		}
		fmt.Fprintf(a.env.Stdout, "%s is now %s\n", *name, *role)
		return nil
	}
	return fmt.Errorf("%w: unknown user command %q (want add, list or role)", ErrUsage, sub)
}

func userAdd(ctx context.Context, a *invocation, s *store.Store, email, name, role string) error {
	if email == "" || name == "" {
		return fmt.Errorf("%w: user add --email ADDRESS --name USERNAME [--role curator|admin]", ErrUsage)
	}
	email, err := usertext.Email(email)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if name, err = usertext.Username(name); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if !store.ValidRole(role) {
		return fmt.Errorf("%w: role %q: want user, curator or admin", ErrUsage, role)
	}
	acct, err := s.CreateAccount(ctx, store.Account{Name: name, Email: email, Role: role})
	if err != nil {
		return err
	}
	if err := s.Audit(ctx, 0, "user.add", "user "+acct.Name, role); err != nil {
		return err
	}
	fmt.Fprintf(a.env.Stdout, "added %s <%s> as %s\n", acct.Name, acct.Email, acct.Role)
	return nil
}

func userList(ctx context.Context, a *invocation, s *store.Store) error {
	accts, err := s.Accounts(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(a.env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tEMAIL\tROLE\tSINCE")
	for _, u := range accts {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", u.Name, u.Email, u.Role, u.CreatedAt.Format(paper.DayLayout))
	}
	return tw.Flush()
}

// runToken is "dailypapers token create --user NAME [--name LABEL]": it
// prints the new token alone, for scripts to capture.
func runToken(ctx context.Context, a *invocation) error {
	if len(a.args) == 0 || a.args[0] != "create" {
		return fmt.Errorf("%w: token create --user NAME [--name LABEL]", ErrUsage)
	}
	fs := flag.NewFlagSet("dailypapers token create", flag.ContinueOnError)
	fs.SetOutput(a.env.Stderr)
	user := fs.String("user", "", "the username the token acts for")
	label := fs.String("name", "command line", "a name to tell the token apart in settings")
	if err := fs.Parse(a.args[1:]); err != nil {
		return fmt.Errorf("%w: %v", ErrUsage, err)
	}
	if *user == "" {
		return fmt.Errorf("%w: token create needs --user NAME", ErrUsage)
	}
	s, err := a.openStore(ctx, store.Options{})
	if err != nil {
		return err
	}
	defer s.Close()
	acct, err := s.AccountByName(ctx, *user)
	if err != nil {
		return fmt.Errorf("user %q: %w", *user, err)
	}
	token, err := community.New(s, nil, nil, community.Options{Log: a.log}).CreateToken(ctx, acct, *label)
	if err != nil {
		return err
	}
	fmt.Fprintln(a.env.Stdout, token)
	return nil
}
