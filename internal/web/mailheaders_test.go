package web_test

import (
	"bytes"
	netmail "net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

// TestMailToOneRecipient types hostile addresses into the two forms that
// mail whoever is named (sign-in and subscribe): lists, CR/LF and NEL
// headers, display names, comments, encoded words, quoted local parts.
// Each is refused with 400, or mailed; and every message the SMTP server
// received went to exactly one recipient, the one its To header names,
// with no header the address wrote (Bcc, Cc, a second To, X-Injected).
func TestMailToOneRecipient(t *testing.T) {
	cs := newCommunitySite(t, storetest.DSN(t, "sqlite"), community.DefaultRules, generous)
	hostile := []string{
		"a@example.org, b@example.net", "a@example.org;b@example.net", "a@example.org b@example.net",
		"a@example.org\r\nBcc: b@example.net", "a@example.org\nBcc: b@example.net", "a@example.org\rBcc: b@example.net",
		"a@example.org\u0085Bcc: b@example.net", "a@example.org\u2028Bcc: b@example.net", "a@example.org\x00b@example.net",
		"<a@example.org>b@example.net", "a@example.org <b@example.net>", `"a@example.org" <b@example.net>`,
		"Eve <b@example.net>", "a@example.org (Bcc: b@example.net)", "(x)a@example.org", "a@example.org\tb@example.net",
		"=?utf-8?q?a=0D=0ABcc:_b@example.net?= <a@example.org>", "=?utf-8?b?YUBleGFtcGxlLm9yZw0KQmNjOiBiQGV4YW1wbGUubmV0?=@example.org",
		`"a\"b"@example.org`, `"a\r\nBcc: b@example.net"@example.org`, "a@example.org%0d%0aBcc:b@example.net",
		"a@[127.0.0.1]", "a@example.org.", "b@example.net,", "@example.net:a@example.org", "a@b@example.org",
		"a%b@example.org", "a+tag@example.org", strings.Repeat("a", 64) + "@" + strings.Repeat("b", 180) + ".org",
	}
	b := cs.browser(t)
	for _, addr := range hostile {
		for _, path := range []string{"/signin", "/subscribe"} {
			if r := b.post(path, url.Values{"email": {addr}}); r.Code != 200 && r.Code != 400 {
				t.Errorf("POST %s with %q = %d, want 200 or 400", path, addr, r.Code)
			}
		}
	}
	cs.waitMail(t, 1, 10*time.Second)
	time.Sleep(200 * time.Millisecond) // let the last of them arrive
	msgs := cs.smtp.Messages()
	for _, m := range msgs {
		msg, err := netmail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Errorf("a message to %v does not parse: %v", m.To, err)
			continue
		}
		to, err := netmail.ParseAddressList(msg.Header.Get("To"))
		if len(m.To) != 1 || err != nil || len(to) != 1 || to[0].Address != m.To[0] || len(msg.Header["To"]) != 1 {
			t.Errorf("envelope recipients %q, To header %q", m.To, msg.Header["To"])
		}
		for _, name := range []string{"Bcc", "Cc", "X-Injected", "Resent-To"} {
			if v, ok := msg.Header[name]; ok {
				t.Errorf("message to %v has %s: %q", m.To, name, v)
			}
		}
		if strings.Contains(m.To[0], "example.net") {
			t.Errorf("mail went to %q, whom the address only smuggled in", m.To[0])
		}
	}
	if len(msgs) == 0 {
		t.Error("no address was mailed at all: the test tests nothing")
	}
}

// TestFailedConfirmationCanBeAskedAgain: a confirmation mail the mail
// server refused for good is not counted as sent: asking again mails the
// link, not "check your inbox" with nothing coming for a day.
func TestFailedConfirmationCanBeAskedAgain(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		cs := newCommunitySite(t, dsn, community.DefaultRules, generous)
		b := cs.browser(t)
		cs.smtp.SetFaults(mailtest.Faults{Fail: func(string) error {
			return &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "not now, not ever"}
		}})
		// The answer comes before the mail is tried: the same as ever.
		if r := b.post("/subscribe", url.Values{"email": {"reader@example.org"}}); r.Code != 200 {
			t.Errorf("subscribing while the mail server refuses = %d, want 200", r.Code)
		}
		cs.deliver(t)
		cs.smtp.SetFaults(mailtest.Faults{})
		if r := b.post("/subscribe", url.Values{"email": {"reader@example.org"}}); r.Code != 200 {
			t.Fatalf("asking again = %d", r.Code)
		}
		if msgs := cs.waitMail(t, 1, 10*time.Second); len(msgs) != 1 || msgs[0].To[0] != "reader@example.org" {
			t.Errorf("mails after asking again: %d", len(msgs))
		}
	})
}
