package mail

import (
	"bytes"
	"context"
	"crypto"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"log/slog"
	netmail "net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
)

// testRSAKey is generated once per test run: RSA-2048 generation is slow
// under the race detector.
var testRSAKey = sync.OnceValue(func() *rsa.PrivateKey {
	k, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		panic(err)
	}
	return k
})

func testEd25519Key(t *testing.T) ed25519.PrivateKey {
	t.Helper()
	_, k, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func testDKIM(key crypto.Signer) *DKIMConfig {
	return &DKIMConfig{Domain: "example.org", Selector: "dp2026", Key: key}
}

// txtRecords is the DNS a receiver would see for c, built here rather than
// by DNSRecord so that the test checks that too.
func txtRecords(t *testing.T, c *DKIMConfig) map[string]string {
	t.Helper()
	var kind string
	var p []byte
	switch pub := c.Key.Public().(type) {
	case *rsa.PublicKey:
		der, err := x509.MarshalPKIXPublicKey(pub)
		if err != nil {
			t.Fatal(err)
		}
		kind, p = "rsa", der
	case ed25519.PublicKey:
		kind, p = "ed25519", pub
	}
	name, value := c.Selector+"._domainkey."+c.Domain, "v=DKIM1; k="+kind+"; p="+base64.StdEncoding.EncodeToString(p)
	if n, v, err := c.DNSRecord(); err != nil || n != name || v != value {
		t.Errorf("DNSRecord() = %q, %q, %v; want %q, %q", n, v, err, name, value)
	}
	return map[string]string{name: value}
}

func newSignedSender(t *testing.T, srv *mailtest.Server, c *DKIMConfig) *SMTPSender {
	t.Helper()
	s, err := NewSMTP(Config{URL: srv.URL(), From: from, DKIM: c}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s.Timeout = 5 * time.Second
	s.TLSConfig = srv.ClientTLSConfig()
	return s
}

// longUnsubscribe is a List-Unsubscribe value of 200 characters, one URL.
var longUnsubscribe = func() string {
	prefix := "<https://papers.example.org/u/"
	return prefix + strings.Repeat("x", 200-len(prefix)-1) + ">"
}()

func digestMessage(to string) Message {
	return Message{
		To: to, Subject: "Daily Papers — 27 November: Schrödinger's transformers",
		Text: "Today's papers: https://papers.example.org/d/2026-11-27\n.\n.leading dot\n",
		HTML: `<p>Today's <a href="https://papers.example.org/d/2026-11-27">papers</a></p>`,
		Headers: map[string]string{
			"List-Id":               "Daily Papers digest <digest.papers.example.org>",
			"List-Unsubscribe":      longUnsubscribe,
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
		MessageID: "digest-2026-11-27.42@example.org",
	}
}

func TestDKIMSignedMessageVerifies(t *testing.T) {
	tests := []struct {
		name string
		key  crypto.Signer
		algo string
	}{
		{"rsa-2048", testRSAKey(), "rsa-sha256"},
		{"ed25519", testEd25519Key(t), "ed25519-sha256"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := testDKIM(tt.key)
			txt := txtRecords(t, c)
			srv := mailtest.NewServer(t)
			if err := newSignedSender(t, srv, c).Send(context.Background(), digestMessage("ada@example.org")); err != nil {
				t.Fatal(err)
			}
			got := srv.WaitFor(t, 1, 5*time.Second)[0]

			signed := mailtest.SignedHeaders(t, got, txt)
			for _, want := range []string{"from", "to", "subject", "date", "message-id", "mime-version", "content-type",
				"list-id", "list-unsubscribe", "list-unsubscribe-post", "auto-submitted"} {
				// Named twice: the field, and no second one.
				if n := count(signed, want); n != 2 {
					t.Errorf("h= names %s %d times, want 2: %v", want, n, signed)
				}
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
			if err != nil {
				t.Fatal(err)
			}
			sig := strings.Join(strings.Fields(msg.Header.Get("DKIM-Signature")), "")
			for _, tag := range []string{"a=" + tt.algo + ";", "c=relaxed/relaxed;", "d=example.org;", "s=dp2026;"} {
				if !strings.Contains(sig, tag) {
					t.Errorf("DKIM-Signature lacks %s: %s", tag, sig)
				}
			}
			// The body survives dot-stuffing and still verifies.
			if text := strings.ReplaceAll(mailtest.Text(t, got), "\r\n", "\n"); !strings.Contains(text, "\n.\n.leading dot\n") {
				t.Errorf("text = %q", text)
			}
		})
	}
}

func count(s []string, v string) int {
	n := 0
	for _, x := range s {
		if x == v {
			n++
		}
	}
	return n
}

// TestDKIMDetectsTampering changes a signed message the ways a forger or a
// careless relay would: every change must break the signature.
func TestDKIMDetectsTampering(t *testing.T) {
	c := testDKIM(testRSAKey())
	txt := txtRecords(t, c)
	srv := mailtest.NewServer(t)
	if err := newSignedSender(t, srv, c).Send(context.Background(), digestMessage("ada@example.org")); err != nil {
		t.Fatal(err)
	}
	data := srv.WaitFor(t, 1, 5*time.Second)[0].Data
	// A verifier takes the last field of a name first, so an added field
	// goes on top, where a mail client would show it; only naming each
	// field once more in h= than it occurs catches that.
	tests := map[string][]byte{
		"body": bytes.Replace(data, []byte("Today's papers"), []byte("Today's offers"), 1),
		"List-Unsubscribe": bytes.Replace(data, []byte("https://papers.example.org/u/"),
			[]byte("https://evil.example.net/u/"), 1),
		"added List-Unsubscribe": slices.Concat([]byte("List-Unsubscribe: <https://evil.example.net/>\r\n"), data),
		"added From":             slices.Concat([]byte("From: Bank <bank@example.net>\r\n"), data),
	}
	for name, forged := range tests {
		if bytes.Equal(forged, data) {
			t.Fatalf("%s: the change changed nothing", name)
		}
		vs, err := mailtest.VerifyDKIM(forged, txt)
		if err != nil || len(vs) != 1 || vs[0].Err == nil {
			t.Errorf("%s changed: verification = %v, %v; want a failed signature", name, vs, err)
		}
	}
	// Relaxed canonicalization tolerates what relays do: re-folding headers
	// and changing whitespace.
	refolded := bytes.Replace(data, []byte("List-Unsubscribe-Post: List-Unsubscribe=One-Click"),
		[]byte("List-Unsubscribe-Post:\r\n\tList-Unsubscribe=One-Click"), 1)
	if vs, err := mailtest.VerifyDKIM(refolded, txt); err != nil || len(vs) != 1 || vs[0].Err != nil {
		t.Errorf("refolded header: verification = %v, %v; want it to pass", vs, err)
	}
}
