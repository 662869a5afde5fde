package digestmail

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
)

// ErrInvalidContent marks content that cannot make a mail: a missing or
// unsafe unsubscribe link, nothing to send, a malformed header value.
// Composing it again fails the same way.
var ErrInvalidContent = errors.New("invalid digest content")

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalidContent, fmt.Sprintf(format, args...))
}

// CheckBaseURL checks the site's public URL that every link in mail starts
// with, by the rule Compose applies: a digest planned with a base URL this
// refuses could not be composed for anyone.
func CheckBaseURL(raw string) error {
	_, err := siteURL("base URL", strings.TrimSuffix(raw, "/"))
	return err
}

// siteURL checks a link to our own site (home, unsubscribe, preferences,
// confirmation): absolute, https (http only on a loopback host, for
// development), and printable ASCII without spaces or angle brackets, so it
// can stand in a header between "<" and ">" as it is.
func siteURL(what, raw string) (string, error) {
	if raw == "" {
		return "", invalid("%s is missing", what)
	}
	if strings.IndexFunc(raw, notURLChar) >= 0 {
		return "", invalid("%s %q: want printable ASCII without spaces, quotes or angle brackets", what, raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalid("%s %q: %v", what, raw, err)
	}
	if u.Host == "" || u.User != nil {
		return "", invalid("%s %q: want an absolute https URL", what, raw)
	}
	if u.Scheme != "https" && !(u.Scheme == "http" && isLoopback(u.Hostname())) {
		return "", invalid("%s %q: want https (http only for localhost)", what, raw)
	}
	return raw, nil
}

func notURLChar(r rune) bool {
	return r <= ' ' || r > '~' || strings.ContainsRune(`<>"'\`, r)
}

func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// webURL returns a link from paper data (a code repository, a project page)
// when it is an absolute http or https URL, and "" otherwise: a bad link is
// left out of the mail rather than stopping it.
func webURL(raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" || strings.IndexFunc(raw, notURLChar) >= 0 {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil || (u.Scheme != "https" && u.Scheme != "http") {
		return ""
	}
	return raw
}

// checkMessageID accepts "local@domain", in angle brackets or not, of
// printable ASCII; the mail package checks the same when sending, but a
// digest is refused before it is queued.
func checkMessageID(id string) error {
	bare := strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	if !strings.Contains(bare, "@") || strings.ContainsAny(bare, "<>") || strings.IndexFunc(bare, func(r rune) bool { return r <= ' ' || r > '~' }) >= 0 {
		return invalid("message ID %q: want local@domain", id)
	}
	return nil
}

// checkListID accepts an RFC 2919 List-Id: an optional description and a
// dotted identifier in angle brackets, "Daily Papers digest <digest.example.org>".
func checkListID(id string) error {
	open := strings.LastIndexByte(id, '<')
	label, ok := strings.CutSuffix(id[open+1:], ">")
	if open < 0 || !ok || !strings.Contains(label, ".") || strings.IndexFunc(label, notLabelChar) >= 0 ||
		strings.ContainsAny(id[:open], "<>") {
		return invalid("list ID %q: want \"Name <list.example.org>\"", id)
	}
	return nil
}

func notLabelChar(r rune) bool {
	return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '-' || r == '_')
}
