package config

import (
	"flag"
	"io"
	"strings"
	"testing"
	"time"
)

func parse(t *testing.T, env map[string]string, serve bool, args ...string) (*Config, error) {
	t.Helper()
	var c Config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	c.Register(fs, func(k string) string { return env[k] }, serve)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return &c, c.Finish()
}

func TestDefaults(t *testing.T) {
	c, err := parse(t, nil, true)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "data/dailypapers.db" || c.Addr != DefaultAddr || c.Location.String() != DefaultTimeZone ||
		c.ArxivEvery != 3*time.Second || c.HarvestEvery != 0 {
		t.Errorf("defaults = %+v", c)
	}
}

func TestFlagBeatsEnvBeatsDefault(t *testing.T) {
	env := map[string]string{"DAILYPAPERS_DB": "env.db", "DAILYPAPERS_TIMEZONE": "Europe/Paris", "DAILYPAPERS_HARVEST_EVERY": "6h"}
	c, err := parse(t, env, true, "--db", "flag.db")
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "flag.db" || c.TimeZone != "Europe/Paris" || c.HarvestEvery != 6*time.Hour {
		t.Errorf("config = %+v", c)
	}
}

func TestInvalid(t *testing.T) {
	tests := []struct {
		env  map[string]string
		args []string
		want string
	}{
		{nil, []string{"--timezone", "Mars/Olympus"}, "timezone"},
		{nil, []string{"--log-level", "loud"}, "log level"},
		{nil, []string{"--arxiv-api-url", "ftp://x"}, "arxiv-api-url"},
		{nil, []string{"--arxiv-interval", "1s"}, "at most one request every 3s"},
		{nil, []string{"--base-url", "not a url"}, "base-url"},
		{nil, []string{"--smtp-url", "http://mail.example.org"}, "smtp-url"},
		{nil, []string{"--smtp-url", "smtp://"}, "smtp-url"},
		{map[string]string{"DAILYPAPERS_SMTP_URL": "smtp://u:p%zz@mail.example.org"}, nil, "smtp-url: malformed"},
		{nil, []string{"--mail-from", "not an address"}, "mail-from"},
	}
	for _, tt := range tests {
		_, err := parse(t, tt.env, true, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v: err = %v, want one about %q", tt.args, err, tt.want)
		}
	}
	// A faster pace is allowed against a server that is not arXiv.
	if _, err := parse(t, nil, false, "--arxiv-interval", "10ms", "--arxiv-api-url", "http://127.0.0.1:1/api",
		"--arxiv-oai-url", "http://127.0.0.1:1/oai"); err != nil {
		t.Errorf("interval against a local server: %v", err)
	}
}

func TestRedactedDB(t *testing.T) {
	c := Config{DB: "postgres://user:secret@db.example/papers"}
	if got := c.RedactedDB(); strings.Contains(got, "secret") {
		t.Errorf("RedactedDB = %q", got)
	}
}

func TestMailSettings(t *testing.T) {
	c, err := parse(t, nil, false)
	if err != nil {
		t.Fatal(err)
	}
	if c.SMTPURL != "" || c.MailFrom != DefaultMailFrom {
		t.Errorf("defaults: smtp-url %q, mail-from %q", c.SMTPURL, c.MailFrom)
	}
	env := map[string]string{"DAILYPAPERS_SMTP_URL": "smtps://user:secret@mail.example.org", "DAILYPAPERS_BASE_URL": "https://papers.example.org"}
	c, err = parse(t, env, false, "--mail-from", "papers@example.org")
	if err != nil {
		t.Fatal(err)
	}
	// base-url is common: commands other than serve build absolute links too.
	if c.SMTPURL != env["DAILYPAPERS_SMTP_URL"] || c.MailFrom != "papers@example.org" || c.BaseURL != env["DAILYPAPERS_BASE_URL"] {
		t.Errorf("config = %+v", c)
	}
}

func TestSMTPPasswordNeverShown(t *testing.T) {
	env := map[string]string{"DAILYPAPERS_SMTP_URL": "smtp://user:secret@mail.example.org:587"}
	var c Config
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	var usage strings.Builder
	fs.SetOutput(&usage)
	c.Register(fs, func(k string) string { return env[k] }, true)
	fs.PrintDefaults()
	if c.SMTPURL != env["DAILYPAPERS_SMTP_URL"] {
		t.Errorf("SMTPURL = %q, want the environment's", c.SMTPURL)
	}
	if strings.Contains(usage.String(), "secret") || !strings.Contains(usage.String(), "smtps://") {
		t.Errorf("usage shows the password or lacks smtps://:\n%s", usage.String())
	}
	for raw, want := range map[string]string{
		"smtp://user:secret@mail.example.org:587": "smtp://user:xxxxx@mail.example.org:587",
		"smtp://user:12/secret@mail.example.org":  "(malformed URL hidden: it may hold a password)",
		"smtp://user:12#secret@mail.example.org":  "(malformed URL hidden: it may hold a password)",
	} {
		c := Config{SMTPURL: raw, MailFrom: DefaultMailFrom, TimeZone: "UTC", LogLevel: "info"}
		if got := c.RedactedSMTPURL(); got != want {
			t.Errorf("RedactedSMTPURL(%q) = %q, want %q", raw, got, want)
		}
		if err := c.Finish(); err != nil && strings.Contains(err.Error(), "secret") {
			t.Errorf("Finish error shows the password: %v", err)
		}
	}
}
