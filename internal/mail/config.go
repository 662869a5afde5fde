package mail

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Config says where mail goes.
type Config struct {
	// URL is smtp://user:pass@host:port (STARTTLS when the server offers it;
	// port 587 by default) or smtps://user:pass@host:port (TLS from the
	// start; port 465 by default). Special characters in the user name and
	// password are percent-encoded. Empty means log messages, send nothing.
	URL string
	// From is "Daily Papers <papers@example.org>" or a bare address.
	From string
	// DKIM, when set, signs every message sent over SMTP (not the ones
	// only logged).
	DKIM *DKIMConfig
}

// Default ports when the URL has none.
const (
	SubmissionPort  = 587 // smtp://, STARTTLS (RFC 6409)
	ImplicitTLSPort = 465 // smtps:// (RFC 8314)
)

// Configured reports whether mail is sent over SMTP rather than logged.
func (c Config) Configured() bool { return strings.TrimSpace(c.URL) != "" }

// String describes the configuration with the password replaced and no
// DKIM key, for logs.
func (c Config) String() string {
	var s string
	if !c.Configured() {
		s = fmt.Sprintf("log only (SMTP not configured), from %q", c.From)
	} else {
		s = fmt.Sprintf("%s, from %q", redact(c.URL), c.From)
	}
	if c.DKIM != nil {
		s += ", " + c.DKIM.String()
	}
	return s
}

// server is a parsed URL.
type server struct {
	host           string
	port           int
	implicitTLS    bool
	user, password string
}

func (s server) addr() string { return fmt.Sprintf("%s:%d", s.host, s.port) }

// server parses the URL. Its errors show the URL with the password
// redacted, since they end up in logs.
func (c Config) server() (server, error) {
	raw := strings.TrimSpace(c.URL)
	u, err := url.Parse(raw)
	if err != nil {
		return server{}, fmt.Errorf("SMTP URL %q: %w", redact(raw), parseProblem(raw, err))
	}
	s := server{host: u.Hostname(), port: SubmissionPort}
	switch u.Scheme {
	case "smtp":
	case "smtps":
		s.implicitTLS, s.port = true, ImplicitTLSPort
	case "":
		return server{}, fmt.Errorf("SMTP URL %q: missing scheme (want smtp:// or smtps://)", redact(raw))
	default:
		return server{}, fmt.Errorf("SMTP URL %q: unknown scheme %q (want smtp or smtps)", redact(raw), u.Scheme)
	}
	if s.host == "" {
		return server{}, fmt.Errorf("SMTP URL %q: missing host (want %s://host:port)", redact(raw), u.Scheme)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			// Not the port itself: with an unescaped "/" in the password,
			// the port is a piece of the password.
			return server{}, fmt.Errorf("SMTP URL %q: bad port (want 1-65535)", redact(raw))
		}
		s.port = n
	}
	if (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return server{}, fmt.Errorf("SMTP URL %q: unexpected path or query (want %s://user:pass@host:port)", redact(raw), u.Scheme)
	}
	if u.User != nil {
		s.user = u.User.Username()
		s.password, _ = u.User.Password()
	}
	return s, nil
}

// parseProblem keeps url.Parse's reason but not its copy of the URL, which
// holds the password. When there is a password, the reason may quote a piece
// of it (a bad escape, or a "port" that is the part before an unescaped "/"),
// so it is replaced by advice.
func parseProblem(raw string, err error) error {
	if redact(raw) != raw {
		return errors.New("cannot parse it (percent-encode special characters in the user name and password)")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// redact replaces the password in a URL, parsable or not, by "xxxxx" (as
// url.URL.Redacted does). It takes everything between the first ":" after
// the scheme and the last "@" to be the password, so a password holding an
// unescaped "/" or "@" is hidden whole; at worst it hides too much.
func redact(raw string) string {
	start := 0
	if i := strings.Index(raw, "://"); i >= 0 {
		start = i + len("://")
	}
	at := strings.LastIndex(raw[start:], "@")
	if at < 0 {
		return raw
	}
	colon := strings.Index(raw[start:start+at], ":")
	if colon < 0 {
		return raw
	}
	return raw[:start+colon+1] + "xxxxx" + raw[start+at:]
}
