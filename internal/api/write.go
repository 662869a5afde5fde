package api

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/dailypapers/dailypapers/internal/arxivid"
	"github.com/dailypapers/dailypapers/internal/paper"
	"github.com/dailypapers/dailypapers/internal/store"
)

// authedFunc is a handler of a write, given the token's account.
type authedFunc func(w http.ResponseWriter, r *http.Request, a store.Account) error

// authed admits requests with a valid API token ("Authorization: Bearer
// ..."); anything else is 401. Cookies are ignored here on purpose: a
// write that a cookie could authorise is one another site could forge.
func (a *API) authed(h authedFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if a.opts.Community == nil {
			return notFound("Not found")
		}
		acct, err := a.tokenAccount(r)
		if err != nil {
			return err
		}
		return h(w, r, acct)
	}
}

// tokenAccount is the account of the request's API token.
func (a *API) tokenAccount(r *http.Request) (store.Account, error) {
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	if !strings.EqualFold(scheme, "Bearer") {
		return store.Account{}, paper.Public(paper.ErrUnauthenticated, "an API token is required: send Authorization: Bearer <token>")
	}
	return a.opts.Community.TokenAccount(r.Context(), strings.TrimSpace(token))
}

// decodeBody reads a JSON object into v, refusing what is not one, or is
// one followed by anything but white space (a second object would be
// silently dropped). The site's body-size middleware bounds what it can
// read (1 MiB under /api/); a body cut short by that bound is a 413, not a
// syntax error.
func decodeBody(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	err := dec.Decode(v)
	if err == nil {
		if _, err = dec.Token(); err == io.EOF {
			return nil
		}
		if err == nil {
			err = errTrailing
		}
	}
	if mbe := (*http.MaxBytesError)(nil); errors.As(err, &mbe) {
		return paper.Public(paper.ErrTooLarge, fmt.Sprintf("the body is larger than the %d KiB this API takes", mbe.Limit>>10))
	}
	return invalid("the body must be a JSON object: %s", jsonProblem(err))
}

// errTrailing is a body that goes on after its JSON object.
var errTrailing = errors.New("more follows the object")

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("syntax error at byte %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("field %q must be a %s", te.Field, te.Type)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "it is empty or cut short"
	case errors.Is(err, errTrailing):
		return "something follows the object"
	}
	return "it could not be read"
}

// paperAction routes POST and DELETE /api/papers/{id}/upvote, .../save,
// .../dismiss and .../claim, POST .../comment and .../comment/{commentId}/reply: the id may
// itself hold a slash (hep-th/9901001), so the action is read from the end
// of the path.
func (a *API) paperAction(w http.ResponseWriter, r *http.Request, acct store.Account) error {
	rest := r.PathValue("rest")
	if id, ok := strings.CutSuffix(rest, "/upvote"); ok {
		return a.vote(w, r, acct, id, r.Method == http.MethodPost)
	}
	if id, ok := strings.CutSuffix(rest, "/save"); ok {
		return a.save(w, r, acct, id, r.Method == http.MethodPost)
	}
	if id, ok := strings.CutSuffix(rest, "/dismiss"); ok {
		return a.dismiss(w, r, acct, id, r.Method == http.MethodPost)
	}
	if id, ok := strings.CutSuffix(rest, "/claim"); ok {
		return a.claim(w, r, acct, id)
	}
	if r.Method != http.MethodPost {
		return notFound("Not found")
	}
	if id, ok := strings.CutSuffix(rest, "/comment"); ok {
		return a.comment(w, r, acct, id, 0)
	}
	if head, ok := strings.CutSuffix(rest, "/reply"); ok {
		if id, cid, ok := strings.Cut(head, "/comment/"); ok {
			parent, err := strconv.ParseInt(cid, 10, 64)
			if err != nil || parent <= 0 {
				return notFound("Comment not found")
			}
			return a.comment(w, r, acct, id, parent)
		}
	}
	return notFound("Not found")
}

// paperID resolves any form of a paper's id to one the store has.
func (a *API) paperID(ctx context.Context, raw string) (string, error) {
	id, err := arxivid.Canonical(raw)
	if err != nil {
		return "", notFound("Paper not found")
	}
	ok, err := a.store.HasPaper(ctx, id)
	if err != nil {
		return "", err
	}
	if !ok {
		return "", notFound("Paper not found")
	}
	return id, nil
}
