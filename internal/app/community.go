package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/store"
)

// newCommunity builds the community service of serve: mail through the
// configured SMTP server (or the log), submissions fetched from arXiv.
func (a *invocation) newCommunity(s *store.Store, baseURL string) (*community.Service, error) {
	sender, err := a.mailSender()
	if err != nil {
		return nil, err
	}
	fetch := community.ArxivFetcher{Client: a.arxivClient(), Store: s, Log: a.log}
	return community.New(s, sender, fetch, community.Options{
		BaseURL: baseURL, Location: a.cfg.Location, Log: a.log,
	}), nil
}

// newDigest builds the digest service: mail through the configured SMTP
// server (or the log), links to the configured base URL.
func (a *invocation) newDigest(s *store.Store) (*digest.Service, error) {
	return a.newDigestAt(s, a.cfg.BaseURL)
}

func (a *invocation) newDigestAt(s *store.Store, baseURL string) (*digest.Service, error) {
	sender, err := a.mailSender()
	if err != nil {
		return nil, err
	}
	// No guess at a base URL here: `digest send` mails subscribers, whose
	// links must reach the site (serve passes the address it listens on).
	return digest.New(s, sender, digest.Options{BaseURL: baseURL, Location: a.cfg.Location, Log: a.log,
		SendAt: a.cfg.DigestAt, Rate: a.cfg.DigestPerSec}), nil
}

// mailSender is the configured mail component.
func (a *invocation) mailSender() (mail.Sender, error) {
	cfg := mail.Config{URL: a.cfg.SMTPURL, From: a.cfg.MailFrom}
	if a.cfg.DKIMDomain != "" {
		if a.cfg.DKIMKey == "" {
			return nil, fmt.Errorf("%w: dkim-domain needs dkim-key, the path of the private key", ErrUsage)
		}
		key, err := mail.LoadDKIMKey(a.cfg.DKIMKey)
		if err != nil {
			return nil, fmt.Errorf("DKIM key: %w", err)
		}
		cfg.DKIM = &mail.DKIMConfig{Domain: a.cfg.DKIMDomain, Selector: a.cfg.DKIMSelector, Key: key}
	}
	sender, err := mail.New(cfg, a.log)
	if err != nil {
		return nil, fmt.Errorf("mail: %w", err)
	}
	return sender, nil
}

// sweepExpired deletes spent sign-in links, expired sessions and rate-limit
// counts that say nothing any more, hourly.
func sweepExpired(ctx context.Context, s *store.Store, log *slog.Logger) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		if n, err := s.DeleteExpired(ctx); err != nil && ctx.Err() == nil {
			log.Warn("delete expired sessions", "error", err)
		} else if n > 0 {
			log.Info("deleted expired sessions and sign-in links", "rows", n)
		}
		if n, err := s.SweepRates(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("sweep rate limits", "error", err)
		} else if n > 0 {
			log.Debug("swept rate limits whose allowance is whole again", "rows", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// renderComments stores, once at start, the HTML of comments written before
// it was stored or under older rendering rules (see store.RenderComments);
// until it has, those comments are rendered on every read.
func renderComments(ctx context.Context, s *store.Store, log *slog.Logger) {
	n, err := s.RenderComments(ctx)
	if err != nil && ctx.Err() == nil {
		log.Warn("render stored comments", slog.Any("error", err))
	}
	if n > 0 {
		log.Info("rendered stored comments under the current rules", slog.Int("comments", n))
	}
}
