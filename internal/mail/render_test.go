package mail

import (
	"bytes"
	"context"
	"errors"
	"mime"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
)

// rawHeader returns the header section of data, up to the blank line.
func rawHeader(t *testing.T, data []byte) string {
	t.Helper()
	h, _, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no CRLF CRLF after the header in:\n%s", data)
	}
	return string(h) + "\r\n"
}

// TestListHeadersArriveVerbatim checks the bytes on the wire: RFC 8058 wants
// List-Unsubscribe-Post exactly so, and a folded URL would break the link.
func TestListHeadersArriveVerbatim(t *testing.T) {
	for name, c := range map[string]*DKIMConfig{"unsigned": nil, "signed": testDKIM(testEd25519Key(t))} {
		t.Run(name, func(t *testing.T) {
			srv := mailtest.NewServer(t)
			if err := newSignedSender(t, srv, c).Send(context.Background(), digestMessage("ada@example.org")); err != nil {
				t.Fatal(err)
			}
			header := "\r\n" + rawHeader(t, srv.WaitFor(t, 1, 5*time.Second)[0].Data)
			for _, line := range []string{
				"\r\nList-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
				"\r\nList-Unsubscribe: " + longUnsubscribe + "\r\n",
				"\r\nList-Id: Daily Papers digest <digest.papers.example.org>\r\n",
			} {
				if !strings.Contains(header, line) {
					t.Errorf("header lacks the line %q:\n%s", line, header)
				}
			}
		})
	}
}

func TestRender(t *testing.T) {
	m := digestMessage("Ada <ada@example.org>")
	data, err := Render(m, from)
	if err != nil {
		t.Fatal(err)
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"From": `"Daily Papers" <papers@example.org>`, "To": `"Ada" <ada@example.org>`,
		"Message-Id": "<digest-2026-11-27.42@example.org>", "List-Unsubscribe": longUnsubscribe,
		"DKIM-Signature": "",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if bytes.Contains(bytes.ReplaceAll(data, []byte("\r\n"), nil), []byte("\n")) {
		t.Error("a line ends in a bare LF")
	}

	c := testDKIM(testEd25519Key(t))
	signed, err := Render(m, from, WithDKIM(c))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(signed, []byte("DKIM-Signature: ")) {
		t.Errorf("signed message starts %q", signed[:min(40, len(signed))])
	}
	mailtest.SignedHeaders(t, mailtest.Received{Data: signed}, txtRecords(t, c))

	if _, err := Render(m, "not an address"); err == nil || errors.Is(err, ErrInvalidMessage) {
		t.Errorf("bad From: err = %v", err)
	}
	if _, err := Render(m, from, WithDKIM(&DKIMConfig{Domain: "example.org", Selector: "s"})); err == nil {
		t.Error("DKIM without a key: no error")
	}
	if _, err := Render(m, from, WithDKIM(c), WithDKIM(nil)); err != nil {
		t.Errorf("WithDKIM(nil): %v", err)
	}
}

func TestCustomHeadersFolding(t *testing.T) {
	long := "Daily Papers: the most upvoted machine learning and physics papers of the day, ranked by readers"
	nonASCII := strings.Repeat("Équipe de rédaction — ", 6)
	data, err := Render(Message{To: "ada@example.org", Text: "x", Headers: map[string]string{
		"List-Id": long, "X-Team": nonASCII, "List-Unsubscribe": longUnsubscribe,
	}}, from)
	if err != nil {
		t.Fatal(err)
	}
	header := rawHeader(t, data)
	for line := range strings.SplitSeq(strings.TrimSuffix(header, "\r\n"), "\r\n") {
		if len(line) > 76 && !strings.Contains(line, longUnsubscribe) {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "List-") && strings.HasSuffix(line, ":") {
			t.Errorf("blank line or value-less List-* line %q in:\n%s", line, header)
		}
	}
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if got := msg.Header.Get("List-Id"); got != long {
		t.Errorf("List-Id unfolds to %q", got)
	}
	var dec mime.WordDecoder
	if got, err := dec.DecodeHeader(msg.Header.Get("X-Team")); err != nil || got != nonASCII {
		t.Errorf("X-Team decodes to %q (%v), want %q", got, err, nonASCII)
	}
}
