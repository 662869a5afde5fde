package digest

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/digestmail"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/ratelimit"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/usertext"
)

// Request is a subscription as a form asks for it.
type Request struct {
	Email      string
	Frequency  string
	Categories []string
	Keywords   []string
	IP         string
	UserID     int64
}

// resendConfirmationAfter: a pending address asking again within a day
// gets no second mail (a form cannot be used to flood a mailbox).
const resendConfirmationAfter = 24 * time.Hour

// Subscribe records a subscription request; the outbox worker mails the
// double opt-in link when one is due. The caller learns nothing about whether the address was
// known, and neither does anyone the caller shows the result to.
func (s *Service) Subscribe(ctx context.Context, req Request) error {
	email, err := usertext.Email(req.Email)
	if err != nil {
		return paper.Public(paper.ErrInvalid, err.Error())
	}
	if req.Frequency == "" {
		req.Frequency = Daily
	}
	if !ValidFrequency(req.Frequency) {
		return paper.Public(paper.ErrInvalid, "the frequency is daily or weekly")
	}
	cats, kws, err := CleanTopics(req.Categories, req.Keywords)
	if err != nil {
		return err
	}
	req.Email, req.Categories, req.Keywords = email, cats, kws
	// Every request counts, whether it mails or not: the answer is the
	// same either way, so the limit must be too. The mailbox's limit
	// folds "+tag" and letter case: those reach one inbox. The mail goes
	// out later, from the outbox: a send that fails then cannot give the
	// count back, as ratelimit.Do does for a request that fails here.
	return ratelimit.Do(ctx, s.perNetwork, ratelimit.NetworkKey(req.IP), "subscription requests from your network", func() error {
		return ratelimit.Do(ctx, s.perMailbox, usertext.MailboxKey(email), "subscription requests for this address", func() error {
			return s.subscribe(ctx, req)
		})
	})
}

// subscribe queues a checked subscription request in the outbox: the
// worker records it and mails the confirmation link when one is due (a new
// or returning address, or a pending one whose last link is a day old).
// Deciding there, not here, makes every request the same single write, so
// its timing cannot tell a subscribed address from a new one.
func (s *Service) subscribe(ctx context.Context, req Request) error {
	return s.store.QueueMail(ctx, store.MailJob{Kind: store.MailConfirm, Email: req.Email, Subscribe: store.SubscribeRequest{
		Email: req.Email, Frequency: req.Frequency, Categories: req.Categories, Keywords: req.Keywords, UserID: req.UserID,
		ResendAfter: resendConfirmationAfter}})
}

// ConfirmationMail is the double opt-in mail of an outbox job, with the
// secret of its link (outbox.Composer).
func (s *Service) ConfirmationMail(j store.MailJob, token string) (mail.Message, error) {
	return digestmail.Confirmation(s.opts.SiteName, s.opts.BaseURL, j.Email, s.opts.BaseURL+"/subscribe/confirm?token="+url.QueryEscape(token))
}

// Confirm activates the subscription of a double opt-in link.
func (s *Service) Confirm(ctx context.Context, token, ip string) (store.Subscriber, error) {
	sub, err := s.store.ConfirmSubscription(ctx, secret.Hash(token), ip)
	if errors.Is(err, paper.ErrNotFound) {
		return sub, paper.Public(paper.ErrNotFound, "this confirmation link is not valid; subscribe again to get a new one")
	}
	return sub, err
}

// ByToken returns the subscriber of a preferences or unsubscribe link.
func (s *Service) ByToken(ctx context.Context, token string) (store.Subscriber, error) {
	if token == "" || len(token) > 100 {
		return store.Subscriber{}, paper.Public(paper.ErrNotFound, "this link is not valid")
	}
	sub, err := s.store.SubscriberByToken(ctx, token)
	if errors.Is(err, paper.ErrNotFound) {
		return sub, paper.Public(paper.ErrNotFound, "this link is not valid")
	}
	return sub, err
}

// Update changes a subscriber's frequency and topics.
func (s *Service) Update(ctx context.Context, sub store.Subscriber, frequency string, categories, keywords []string) error {
	if !ValidFrequency(frequency) {
		return paper.Public(paper.ErrInvalid, "the frequency is daily or weekly")
	}
	cats, kws, err := CleanTopics(categories, keywords)
	if err != nil {
		return err
	}
	return s.store.UpdateSubscription(ctx, sub.ID, frequency, cats, kws)
}

// Unsubscribe ends a subscription at once; again is fine.
func (s *Service) Unsubscribe(ctx context.Context, sub store.Subscriber, via string) error {
	return s.store.Unsubscribe(ctx, sub.ID, via)
}

var categoryRE = regexp.MustCompile(`^[a-z-]+(\.[A-Za-z-]+)?$`)

// CleanTopics checks topics: arXiv categories (cs.LG, math.PR, hep-th) and
// keywords of one line each; at most 20 of each.
func CleanTopics(categories, keywords []string) ([]string, []string, error) {
	var cats, kws []string
	for _, c := range categories {
		if c = strings.TrimSpace(c); c == "" {
			continue
		}
		if !categoryRE.MatchString(c) || len(c) > 30 {
			return nil, nil, paper.Public(paper.ErrInvalid, fmt.Sprintf("%q is not an arXiv category (like cs.LG or hep-th)", truncate(c, 40)))
		}
		cats = append(cats, c)
	}
	for _, k := range keywords {
		k = strings.Join(strings.Fields(k), " ")
		if k == "" {
			continue
		}
		if len(k) > 60 || strings.ContainsAny(k, "\x00") {
			return nil, nil, paper.Public(paper.ErrInvalid, "a keyword is at most 60 characters")
		}
		kws = append(kws, k)
	}
	if len(cats) > 20 || len(kws) > 20 {
		return nil, nil, paper.Public(paper.ErrInvalid, "at most 20 categories and 20 keywords")
	}
	return cats, kws, nil
}

// SplitList splits what a form field holds: commas or new lines.
func SplitList(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}

// SubscribeAccount subscribes a signed-in account's address at once: the
// sign-in by mail has already proved it is theirs, which is what double
// opt-in asks. An active subscription is left as it is.
func (s *Service) SubscribeAccount(ctx context.Context, a store.Account, frequency, ip string) (store.Subscriber, error) {
	if !ValidFrequency(frequency) {
		return store.Subscriber{}, paper.Public(paper.ErrInvalid, "the frequency is daily or weekly")
	}
	confirm := secret.New()
	_, err := s.store.Subscribe(ctx, store.SubscribeRequest{Email: a.Email, Frequency: frequency, UserID: a.ID,
		Token: secret.New(), ConfirmHash: secret.Hash(confirm)})
	if err != nil {
		return store.Subscriber{}, err
	}
	if _, err := s.store.ConfirmSubscription(ctx, secret.Hash(confirm), ip); err != nil && !errors.Is(err, paper.ErrNotFound) {
		return store.Subscriber{}, err
	}
	return s.store.SubscriberByEmail(ctx, a.Email)
}
