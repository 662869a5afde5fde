package arxiv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/dailypapers/dailypapers/internal/source"
)

const (
	// maxRetryAfter caps how long a Retry-After header can make us wait.
	maxRetryAfter = 10 * time.Minute
	// Back-off without Retry-After: 2s, 4s, 8s... up to backoffMax, each
	// with jitter so that several instances do not retry in step.
	backoffBase = 2 * time.Second
	backoffMax  = 2 * time.Minute
	// maxErrorBody bounds what is read of a refused request's body.
	maxErrorBody = 1 << 20
	// maxDrain bounds what is read of a body thrown away before a retry,
	// so that the one connection can be reused.
	maxDrain = 64 << 10
)

// HTTPError reports a request that arXiv refused or that failed until we
// gave up. Err, when set, is what arXiv said (a *source.APIError or
// *source.OAIError) or the last network error.
type HTTPError struct {
	URL    string
	Status int // last HTTP status; 0 when the last try got no response
	Tries  int
	GaveUp bool // the request was retried MaxRetries times
	Err    error
}

func (e *HTTPError) Error() string {
	last := "no response"
	if e.Status != 0 {
		last = fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	}
	if e.Err != nil {
		last += ": " + e.Err.Error()
	}
	if e.GaveUp {
		return fmt.Sprintf("GET %s: gave up after %d tries, last: %s", e.URL, e.Tries, last)
	}
	return fmt.Sprintf("GET %s: %s", e.URL, last)
}

func (e *HTTPError) Unwrap() error { return e.Err }

// outcome is the result of one try.
type outcome struct {
	status     int
	err        error
	retry      bool
	retryAfter time.Duration
	hasAfter   bool // the response said how long to wait
}

// get fetches u and hands a 200 response's body to parse. It retries 429,
// 5xx and network errors, those while reading the body included, so parse
// may run more than once and must start afresh each time. A refused
// request's body also goes to parse, to find the error arXiv reports in it.
func (c *Client) get(ctx context.Context, u string, parse func(io.Reader) error) error {
	if err := c.pace.acquire(ctx); err != nil {
		return fmt.Errorf("GET %s: %w", u, err)
	}
	defer c.pace.release()
	for try := 1; ; try++ {
		o := c.try(ctx, u, try, parse)
		if !o.retry {
			return o.err
		}
		if try > c.maxRetries {
			return &HTTPError{URL: u, Status: o.status, Tries: try, GaveUp: true, Err: o.err}
		}
		d := c.backoff(try, o)
		c.log.Warn("arxiv request failed, retrying", "url", u, "status", o.status,
			"try", try, "wait", d, slog.Any("error", o.err))
		if err := c.sleep(ctx, d); err != nil {
			return fmt.Errorf("GET %s: %w", u, err)
		}
	}
}

// try makes one request, once the pacer lets it start.
func (c *Client) try(ctx context.Context, u string, try int, parse func(io.Reader) error) outcome {
	if err := c.pace.wait(ctx, c.now, c.sleep); err != nil {
		return outcome{err: fmt.Errorf("GET %s: %w", u, err)}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return outcome{err: fmt.Errorf("GET %s: %w", u, err)}
	}
	req.Header.Set("User-Agent", c.userAgent)
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return outcome{err: fmt.Errorf("GET %s: %w", u, ctx.Err())}
		}
		return outcome{retry: true, err: err}
	}
	defer resp.Body.Close()
	switch s := resp.StatusCode; {
	case s == http.StatusOK:
		return c.read(ctx, u, resp.Body, parse)
	case s == http.StatusTooManyRequests || s >= 500:
		_, _ = io.CopyN(io.Discard, resp.Body, maxDrain)
		o := outcome{status: s, retry: true}
		o.retryAfter, o.hasAfter = c.parseRetryAfter(resp.Header.Get("Retry-After"))
		return o
	default:
		return outcome{status: s, err: refused(u, s, try, resp.Body, parse)}
	}
}

// read parses a 200 response body. A transport failure midway is retried;
// the parser would report it only as a truncated document.
func (c *Client) read(ctx context.Context, u string, body io.Reader, parse func(io.Reader) error) outcome {
	br := &bodyReader{r: body}
	err := parse(br)
	switch {
	case err == nil:
		return outcome{status: http.StatusOK}
	case ctx.Err() != nil:
		return outcome{err: fmt.Errorf("GET %s: %w", u, ctx.Err())}
	case br.err != nil:
		return outcome{status: http.StatusOK, retry: true, err: br.err}
	}
	return outcome{status: http.StatusOK, err: fmt.Errorf("GET %s: %w", u, err)}
}

// refused builds the error for a status that is not retried. arXiv's API
// answers a bad query with 400 and an Atom error feed, and an OAI-PMH error
// may come with a 4xx; when parse finds such a message the error carries it.
func refused(u string, status, try int, body io.Reader, parse func(io.Reader) error) error {
	e := &HTTPError{URL: u, Status: status, Tries: try}
	perr := parse(io.LimitReader(body, maxErrorBody))
	var apiErr *source.APIError
	var oaiErr *source.OAIError
	if errors.As(perr, &apiErr) || errors.As(perr, &oaiErr) {
		e.Err = perr
	}
	return e
}

// backoff says how long to wait before try+1: what the server asked for,
// else an exponential back-off with jitter.
func (c *Client) backoff(try int, o outcome) time.Duration {
	if o.hasAfter {
		return o.retryAfter
	}
	d := backoffMax
	if try < 16 {
		d = min(backoffBase<<(try-1), backoffMax)
	}
	return d/2 + rand.N(d/2+1)
}

// parseRetryAfter reads a Retry-After header, delta-seconds or HTTP-date,
// capped at maxRetryAfter. ok is false when there is none or it is garbage.
func (c *Client) parseRetryAfter(h string) (d time.Duration, ok bool) {
	h = strings.TrimSpace(h)
	if h == "" {
		return 0, false
	}
	if secs, err := strconv.ParseInt(h, 10, 64); err == nil {
		if secs < 0 {
			return 0, false
		}
		return min(time.Duration(min(secs, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter), true
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return 0, false
	}
	return min(max(t.Sub(c.now()), 0), maxRetryAfter), true
}

// bodyReader remembers the first transport error met while reading a body.
type bodyReader struct {
	r   io.Reader
	err error
}

func (b *bodyReader) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if err != nil && err != io.EOF && b.err == nil {
		b.err = err
	}
	return n, err
}
