// Package config gathers the settings of dailypapers from flags and
// DAILYPAPERS_* environment variables into one validated struct. A flag wins
// over the environment, the environment over the default.
package config

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"math"
	"net/mail"
	"net/netip"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is every setting of the service.
type Config struct {
	DB           string // SQLite path, sqlite:PATH or postgres://...
	DataDir      string // where the default SQLite file lives
	Addr         string
	TimeZone     string
	Location     *time.Location
	BaseURL      string
	LogLevel     string
	ArxivAPIURL  string
	ArxivOAIURL  string
	ArxivContact string        // added to the User-Agent sent to arXiv
	ArxivEvery   time.Duration // least time between two requests to arXiv
	HarvestSets  string        // comma-separated OAI sets serve harvests on a schedule
	HarvestEvery time.Duration // 0: serve does not harvest
	DigestTime   string        // "07:00": when serve sends digests, in the site's time zone
	DigestAt     time.Duration // DigestTime as the time since midnight
	DigestRate   string        // messages per second, all workers together; "0": no bound
	DigestPerSec float64
	SMTPURL      string // smtp:// or smtps:// with credentials; empty: mail is only logged
	MailFrom     string
	DKIMDomain   string // sign mail with DKIM as this domain; empty: unsigned
	DKIMSelector string
	DKIMKey      string // path of the PEM private key
	// TrustedProxiesList is comma-separated CIDRs of the proxies whose
	// X-Forwarded-For and X-Forwarded-Proto serve believes.
	TrustedProxiesList string
	TrustedProxies     []netip.Prefix
}

// Defaults.
const (
	ArxivMinInterval = 3 * time.Second // arXiv's terms of use
	DefaultAddr      = "127.0.0.1:8080"
	DefaultTimeZone  = "America/New_York"
	DefaultDataDir   = "data"
	DefaultMailFrom  = "Daily Papers <papers@localhost>"
)

// env maps each setting to its environment variable.
type setting struct {
	flag, env, usage string
	dst              *string
	def              string
}

func (c *Config) settings() []setting {
	return []setting{
		{"db", "DAILYPAPERS_DB", "database: an SQLite file path, sqlite:PATH, or postgres://... (default: DATA_DIR/dailypapers.db)", &c.DB, ""},
		{"data-dir", "DAILYPAPERS_DATA_DIR", "directory for the default SQLite database, created if missing", &c.DataDir, DefaultDataDir},
		{"timezone", "DAILYPAPERS_TIMEZONE", "the site's time zone, in which feed days are counted", &c.TimeZone, DefaultTimeZone},
		{"log-level", "DAILYPAPERS_LOG_LEVEL", "debug, info, warn or error", &c.LogLevel, "info"},
		{"arxiv-api-url", "DAILYPAPERS_ARXIV_API_URL", "arXiv API base URL", &c.ArxivAPIURL, "https://export.arxiv.org/api/query"},
		{"arxiv-oai-url", "DAILYPAPERS_ARXIV_OAI_URL", "arXiv OAI-PMH base URL", &c.ArxivOAIURL, "https://export.arxiv.org/oai2"},
		{"arxiv-contact", "DAILYPAPERS_ARXIV_CONTACT", "a contact (email or URL) added to the User-Agent sent to arXiv", &c.ArxivContact, ""},
		{"base-url", "DAILYPAPERS_BASE_URL", "public URL of the site, for absolute links", &c.BaseURL, ""},
		{"mail-from", "DAILYPAPERS_MAIL_FROM", "sender of outgoing mail, a bare address or \"Name <address>\"", &c.MailFrom, DefaultMailFrom},
		{"digest-time", "DAILYPAPERS_DIGEST_TIME", "when digests go out, HH:MM in the site's time zone (daily ones on weekdays, weekly ones on Mondays)", &c.DigestTime, "07:00"},
		{"digest-rate", "DAILYPAPERS_DIGEST_RATE", "most digest messages per second, all senders together (0: no bound)", &c.DigestRate, "100"},
		{"dkim-domain", "DAILYPAPERS_DKIM_DOMAIN", "sign outgoing mail with DKIM as this domain (the From domain); empty: unsigned", &c.DKIMDomain, ""},
		{"dkim-selector", "DAILYPAPERS_DKIM_SELECTOR", "the DKIM selector: the key is published at SELECTOR._domainkey.DOMAIN", &c.DKIMSelector, "dailypapers"},
		{"dkim-key", "DAILYPAPERS_DKIM_KEY", "path of the DKIM private key (PEM: RSA PKCS#1/PKCS#8 or Ed25519)", &c.DKIMKey, ""},
	}
}

// secretSettings hold passwords: their values are never shown as a flag's
// default in the usage text.
func (c *Config) secretSettings() []setting {
	return []setting{
		{"smtp-url", "DAILYPAPERS_SMTP_URL", "SMTP server for outgoing mail: smtp://user:pass@host:port (STARTTLS when offered; port 587 by default) " +
			"or smtps://user:pass@host:port (TLS; port 465 by default), special characters percent-encoded; empty: mail is only logged", &c.SMTPURL, ""},
	}
}

// serveSettings are the settings only serve reads.
func (c *Config) serveSettings() []setting {
	return []setting{
		{"addr", "DAILYPAPERS_ADDR", "address to listen on", &c.Addr, DefaultAddr},
		{"trusted-proxies", "DAILYPAPERS_TRUSTED_PROXIES", "CIDRs of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed, comma-separated (e.g. 127.0.0.1/32,10.0.0.0/8); none: the TCP peer is the client", &c.TrustedProxiesList, ""},
		{"harvest-sets", "DAILYPAPERS_HARVEST_SETS", "OAI-PMH sets to harvest on a schedule, comma-separated (e.g. cs,stat)", &c.HarvestSets, ""},
	}
}

// Register adds the common flags to fs; with serve, also the server's.
// Flag defaults come from the environment, so an unset flag falls back to it.
func (c *Config) Register(fs *flag.FlagSet, getenv func(string) string, serve bool) {
	all := c.settings()
	every := c.ArxivEvery
	if every == 0 {
		every = envDuration(getenv, "DAILYPAPERS_ARXIV_INTERVAL")
	}
	if every == 0 {
		every = ArxivMinInterval
	}
	fs.DurationVar(&c.ArxivEvery, "arxiv-interval", every,
		"least time between two requests to arXiv; under 3s only for servers other than arxiv.org (env DAILYPAPERS_ARXIV_INTERVAL)")
	if serve {
		all = append(all, c.serveSettings()...)
		harvestEvery := c.HarvestEvery
		if harvestEvery == 0 {
			harvestEvery = envDuration(getenv, "DAILYPAPERS_HARVEST_EVERY")
		}
		fs.DurationVar(&c.HarvestEvery, "harvest-every", harvestEvery,
			"how often serve harvests the sets (e.g. 6h; env DAILYPAPERS_HARVEST_EVERY; 0 disables)")
	}
	for _, s := range all {
		s.register(fs, getenv, false)
	}
	for _, s := range c.secretSettings() {
		s.register(fs, getenv, true)
	}
}

func (s setting) register(fs *flag.FlagSet, getenv func(string) string, secret bool) {
	// A value already parsed (a flag given before the command) is the
	// default of the command's own flag set.
	def := *s.dst
	if def == "" {
		def = getenv(s.env)
	}
	if def == "" {
		def = s.def
	}
	if !secret {
		fs.StringVar(s.dst, s.flag, def, s.usage+" (env "+s.env+")")
		return
	}
	fs.StringVar(s.dst, s.flag, "", s.usage+" (env "+s.env+")")
	*s.dst = def
}

func envDuration(getenv func(string) string, name string) time.Duration {
	d, _ := time.ParseDuration(getenv(name))
	return d
}

// Finish validates the settings and fills the derived ones.
func (c *Config) Finish() error {
	var errs []error
	loc, err := time.LoadLocation(c.TimeZone)
	if err != nil {
		errs = append(errs, fmt.Errorf("timezone %q: %w", c.TimeZone, err))
	}
	c.Location = loc
	if c.DB == "" {
		c.DB = filepath.Join(c.DataDir, "dailypapers.db")
	}
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		errs = append(errs, fmt.Errorf("log level %q: want debug, info, warn or error", c.LogLevel))
	}
	for _, u := range []struct{ name, v string }{{"arxiv-api-url", c.ArxivAPIURL}, {"arxiv-oai-url", c.ArxivOAIURL}, {"base-url", c.BaseURL}} {
		if u.v == "" {
			continue
		}
		if p, err := url.Parse(u.v); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q: want an http or https URL", u.name, u.v))
		}
	}
	if c.ArxivEvery < ArxivMinInterval && (isArxivHost(c.ArxivAPIURL) || isArxivHost(c.ArxivOAIURL)) {
		errs = append(errs, fmt.Errorf("arxiv-interval %s: arXiv asks for at most one request every %s", c.ArxivEvery, ArxivMinInterval))
	}
	if c.HarvestEvery < 0 {
		errs = append(errs, errors.New("harvest-every must not be negative"))
	}
	if t, err := time.Parse("15:04", c.DigestTime); err != nil {
		errs = append(errs, fmt.Errorf("digest-time %q: want HH:MM, e.g. 07:00", c.DigestTime))
	} else {
		c.DigestAt = time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute
	}
	if r, err := strconv.ParseFloat(c.DigestRate, 64); err != nil || r < 0 || math.IsInf(r, 0) || math.IsNaN(r) {
		errs = append(errs, fmt.Errorf("digest-rate %q: want messages per second, 0 for no bound", c.DigestRate))
	} else {
		c.DigestPerSec = r
	}
	if err := c.checkMail(); err != nil {
		errs = append(errs, err)
	}
	if c.TrustedProxies, err = parsePrefixes(c.TrustedProxiesList); err != nil {
		errs = append(errs, fmt.Errorf("trusted-proxies %q: want comma-separated CIDRs such as 10.0.0.0/8: %w", c.TrustedProxiesList, err))
	}
	return errors.Join(errs...)
}

// Level is the parsed log level.
func (c *Config) Level() slog.Level {
	var level slog.Level
	level.UnmarshalText([]byte(c.LogLevel))
	return level
}

// Sets returns the harvest sets.
func (c *Config) Sets() []string {
	var sets []string
	for _, s := range strings.Split(c.HarvestSets, ",") {
		if s = strings.TrimSpace(s); s != "" {
			sets = append(sets, s)
		}
	}
	return sets
}

// RedactedDB is the DSN with any password replaced, for logs.
func (c *Config) RedactedDB() string {
	if u, err := url.Parse(c.DB); err == nil && u.User != nil {
		return u.Redacted()
	}
	return c.DB
}

// RedactedSMTPURL is the SMTP URL with any password replaced, for logs.
func (c *Config) RedactedSMTPURL() string {
	if u, ok := parseSMTPURL(c.SMTPURL); ok {
		return u.Redacted()
	}
	return "(malformed URL hidden: it may hold a password)"
}

// parseSMTPURL parses an SMTP URL, which has no path, query or fragment. A
// password with an unescaped "/", "?" or "#" is cut there and leaves the
// rest in one of those, so such a URL is reported as malformed and never
// shown.
func parseSMTPURL(raw string) (*url.URL, bool) {
	u, err := url.Parse(raw)
	if err != nil || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" {
		return nil, false
	}
	return u, true
}

// checkMail validates the mail settings; internal/mail parses the SMTP URL
// in full when the sender is made.
func (c *Config) checkMail() error {
	var errs []error
	if c.SMTPURL != "" {
		if u, ok := parseSMTPURL(c.SMTPURL); !ok {
			errs = append(errs, errors.New("smtp-url: malformed (percent-encode special characters in the user name and password)"))
		} else if (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Hostname() == "" {
			errs = append(errs, fmt.Errorf("smtp-url %s: want smtp://user:pass@host:port or smtps://user:pass@host:port", u.Redacted()))
		}
	}
	if _, err := mail.ParseAddress(c.MailFrom); err != nil || strings.ContainsAny(c.MailFrom, "\r\n") {
		errs = append(errs, fmt.Errorf("mail-from %q: want an address such as \"Daily Papers <papers@example.org>\"", c.MailFrom))
	}
	return errors.Join(errs...)
}

// isArxivHost reports whether a URL points at arXiv itself, whose terms
// bound the request rate (a mirror or a test server may be asked faster).
func isArxivHost(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil {
		return true
	}
	h := strings.ToLower(u.Hostname())
	return h == "arxiv.org" || strings.HasSuffix(h, ".arxiv.org")
}

// parsePrefixes reads a comma-separated list of CIDRs (10.0.0.0/8,
// fd00::/8); a bare address stands for itself alone.
func parsePrefixes(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			ip, err := netip.ParseAddr(f)
			if err != nil {
				return nil, err
			}
			out = append(out, netip.PrefixFrom(ip.Unmap(), ip.Unmap().BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, err
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
