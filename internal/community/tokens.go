package community

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/secret"
	"github.com/dailypapers/dailypapers/internal/store"
)

// tokenPrefix starts every API token, so that a leaked one is recognisable
// (and secret scanners can look for it).
const tokenPrefix = "dp_"

// CreateToken makes an API token for the account and returns it: the only
// time it is ever shown.
func (s *Service) CreateToken(ctx context.Context, a store.Account, name string) (string, error) {
	name, err := oneLine("a token's name", name, 100)
	if err != nil {
		return "", err
	}
	if name == "" {
		name = "token"
	}
	sec := tokenPrefix + secret.New()
	if _, err := s.store.CreateAPIToken(ctx, a.ID, name, sec[:len(tokenPrefix)+6], secret.Hash(sec)); err != nil {
		return "", err
	}
	return sec, nil
}

// RevokeToken revokes one of the account's tokens.
func (s *Service) RevokeToken(ctx context.Context, a store.Account, tokenID int64) error {
	return s.store.RevokeAPIToken(ctx, a.ID, tokenID)
}

// TokenAccount returns the account of a bearer token; a missing, unknown
// or revoked one is paper.ErrUnauthenticated. It fails closed: when the
// token cannot be looked up (the database is away), the error is returned
// and the request refused, never answered with an empty account.
func (s *Service) TokenAccount(ctx context.Context, token string) (store.Account, error) {
	if !strings.HasPrefix(token, tokenPrefix) || len(token) > 100 {
		return store.Account{}, paper.Public(paper.ErrUnauthenticated, "a valid API token is required")
	}
	a, err := s.store.AccountByAPIToken(ctx, secret.Hash(token))
	if errors.Is(err, paper.ErrNotFound) {
		return store.Account{}, paper.Public(paper.ErrUnauthenticated, "this API token is unknown or revoked")
	}
	if err != nil {
		return store.Account{}, fmt.Errorf("TokenAccount: %w", err)
	}
	return a, nil
}
