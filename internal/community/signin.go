package community

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// LinkLifetime is how long a sign-in link works.
const LinkLifetime = 15 * time.Minute

// SessionLifetime is how long a session lasts without being used.
const SessionLifetime = 30 * 24 * time.Hour

// RequestSignIn has a one-time sign-in link mailed to the address (by the
// outbox worker). Whether the
// address has an account or not, it does the same and answers the same:
// nobody learns from it who has an account. next is a site path to go to
// after signing in.
func (s *Service) RequestSignIn(ctx context.Context, rawEmail, ip, next string) error {
	email, err := usertext.Email(rawEmail)
	if err != nil {
		return paper.Public(paper.ErrInvalid, err.Error())
	}
	// The address's limit counts per mailbox: "Ada+1@example.org" and
	// "ada@example.org" are one person's. The mail goes out later, from
	// the outbox: a send that fails then cannot give the count back.
	return ratelimit.Do(ctx, s.limits.signinIP, ratelimit.NetworkKey(ip), "sign-in requests from your network", func() error {
		return ratelimit.Do(ctx, s.limits.signinAddr, usertext.MailboxKey(email), "sign-in mails to this address", func() error {
			return s.mailSignIn(ctx, email, next)
		})
	})
}

// mailSignIn queues a sign-in mail in the outbox; its worker makes the
// link and mails it. The request writes the same one row for every
// address, and looks nothing up.
func (s *Service) mailSignIn(ctx context.Context, email, next string) error {
	return s.store.QueueMail(ctx, store.MailJob{Kind: store.MailSignIn, Email: email, Next: SafeNext(next), LinkLifetime: LinkLifetime})
}

// SignInMail is the mail of a sign-in job of the outbox, with the secret of
// its link (outbox.Composer).
func (s *Service) SignInMail(j store.MailJob, token string) (mail.Message, error) {
	link := s.opts.BaseURL + "/signin/confirm?token=" + url.QueryEscape(token)
	return mail.Message{
		To:      j.Email,
		Subject: "Your sign-in link for Daily Papers",
		Text: "Open this link to sign in to Daily Papers:\n\n" + link + "\n\n" +
			"It works once, within 15 minutes. If you did not ask for it, ignore this mail: nothing happens without the link.\n",
	}, nil
}

// SafeNext keeps next only when it is a path on this site: a sign-in link
// must never send anyone elsewhere. It refuses what browsers read as
// another host ("//", and backslashes, which they take for slashes), and
// control characters and broken UTF-8, which no Location header may hold
// (browsers drop tabs and new lines, so "/\t/evil" is "//evil") and
// PostgreSQL does not store.
func SafeNext(next string) string {
	if len(next) > 500 || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || !utf8.ValidString(next) ||
		strings.ContainsFunc(next, func(r rune) bool { return r == '\\' || unicode.IsControl(r) }) {
		return "/"
	}
	return next
}

// Login is a session just started: the cookie's secret, and where to go.
type Login struct {
	Secret  string
	Next    string
	Session store.Session
}

// ConfirmSignIn spends a sign-in link and starts a new session (a new
// secret every time: a session is never carried over from before signing
// in). The session has no account yet when the address is new.
func (s *Service) ConfirmSignIn(ctx context.Context, token, userAgent string) (Login, error) {
	email, next, err := s.store.UseSigninToken(ctx, secret.Hash(token))
	if errors.Is(err, paper.ErrNotFound) {
		return Login{}, paper.Public(paper.ErrInvalid, "this sign-in link is not valid; ask for a new one")
	}
	if err != nil {
		return Login{}, err
	}
	var accountID int64
	a, err := s.store.AccountByEmail(ctx, email)
	switch {
	case err == nil:
		accountID = a.ID
	case !errors.Is(err, paper.ErrNotFound):
		return Login{}, err
	}
	sec := secret.New()
	sess := store.Session{Hash: secret.Hash(sec), Email: email, CSRF: secret.New(), UserAgent: truncate(userAgent, 200),
		ExpiresAt: s.opts.Now().Add(SessionLifetime)}
	if err := s.store.CreateSession(ctx, sess, accountID); err != nil {
		return Login{}, err
	}
	if accountID != 0 {
		sess.Account = &a
	}
	return Login{Secret: sec, Next: next, Session: sess}, nil
}

// SignInAddress returns the address a sign-in link signs in, without
// spending the link: the page the link opens names it, so that someone
// sent another person's link (to sign them in to an account the sender
// controls) can see it is not theirs before pressing the button.
func (s *Service) SignInAddress(ctx context.Context, token string) (string, error) {
	email, err := s.store.SigninTokenEmail(ctx, secret.Hash(token))
	if errors.Is(err, paper.ErrNotFound) {
		return "", paper.Public(paper.ErrInvalid, "this sign-in link is not valid, or was used or expired; ask for a new one")
	}
	return email, err
}

// Session returns the session of a cookie's secret, or an error wrapping
// paper.ErrNotFound. A session in use is extended, at most once an hour.
func (s *Service) Session(ctx context.Context, cookie string) (store.Session, error) {
	if cookie == "" || len(cookie) > 100 {
		return store.Session{}, fmt.Errorf("session: %w", paper.ErrNotFound)
	}
	sess, err := s.store.SessionByHash(ctx, secret.Hash(cookie))
	if err != nil {
		return sess, err
	}
	now := s.opts.Now()
	if now.Sub(sess.LastSeen) > time.Hour {
		sess.ExpiresAt = now.Add(SessionLifetime)
		if err := s.store.ExtendSession(ctx, sess.Hash, sess.ExpiresAt); err != nil {
			s.opts.Log.Warn("extend session", "error", err)
		}
	}
	return sess, nil
}

// ChooseName creates the account of a session that has none yet, with the
// username its user picked.
func (s *Service) ChooseName(ctx context.Context, sess store.Session, name, fullName string) (store.Account, error) {
	if sess.Account != nil {
		return *sess.Account, paper.Public(paper.ErrConflict, fmt.Sprintf("you already have the username %s", sess.Account.Name))
	}
	name, err := usertext.Username(name)
	if err != nil {
		return store.Account{}, paper.Public(paper.ErrInvalid, err.Error())
	}
	if fullName, err = s.fullName(ctx, fullName, 0); err != nil {
		return store.Account{}, err
	}
	a, err := s.store.CreateAccount(ctx, store.Account{Name: name, FullName: fullName, Email: sess.Email})
	if err != nil {
		return a, err
	}
	if err := s.store.AttachSession(ctx, sess.Hash, a.ID); err != nil {
		return a, err
	}
	return a, nil
}

// SignOut ends the session of a cookie's secret.
func (s *Service) SignOut(ctx context.Context, cookie string) error {
	return s.store.DeleteSession(ctx, secret.Hash(cookie))
}

// SignOutEverywhere ends every session of the account.
func (s *Service) SignOutEverywhere(ctx context.Context, a store.Account) error {
	return s.store.DeleteSessions(ctx, a.ID)
}

// fullName checks the full name the account self (0: one being made)
// shows beside its username: usertext.FullName's rules, and not someone
// else's username, however it is written. It is escaped wherever it is
// shown, like everything else.
func (s *Service) fullName(ctx context.Context, raw string, self int64) (string, error) {
	name, err := usertext.FullName(raw)
	if err != nil {
		return "", paper.Public(paper.ErrInvalid, err.Error())
	}
	keys := slices.DeleteFunc(usertext.NameKeys(name), func(k string) bool { return !usertext.CouldBeUsernameKey(k) })
	if len(keys) == 0 {
		return name, nil
	}
	taken, err := s.store.NameLookalikeTaken(ctx, keys, self)
	if err != nil {
		return "", err
	}
	if taken {
		return "", paper.Public(paper.ErrInvalid, "a full name cannot be, or look like, another person's username")
	}
	return name, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
