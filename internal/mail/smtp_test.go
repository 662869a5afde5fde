package mail

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/google/go-cmp/cmp"
)

const from = "Daily Papers <papers@example.org>"

// newSender returns a sender for srv with a short timeout, so a test of a
// stalled server does not wait long.
func newSender(t *testing.T, srv *mailtest.Server) *SMTPSender {
	t.Helper()
	s, err := NewSMTP(Config{URL: srv.URL(), From: from}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	s.Timeout = 5 * time.Second
	s.TLSConfig = srv.ClientTLSConfig()
	return s
}

func sendOne(t *testing.T, m Message) (*netmail.Message, mailtest.Received) {
	t.Helper()
	srv := mailtest.NewServer(t)
	if err := newSender(t, srv).Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := srv.WaitFor(t, 1, 5*time.Second)[0]
	msg, err := netmail.ReadMessage(bytes.NewReader(got.Data))
	if err != nil {
		t.Fatalf("parse sent message: %v\n%s", err, got.Data)
	}
	return msg, got
}

func TestSendText(t *testing.T) {
	msg, got := sendOne(t, Message{To: "Ada <ada@example.org>", Subject: "Sign in", Text: "Open https://papers.example.org/signin/abc to sign in.\n"})
	if got.From != "papers@example.org" || !cmp.Equal(got.To, []string{"ada@example.org"}) {
		t.Errorf("envelope = %q -> %q", got.From, got.To)
	}
	h := msg.Header
	for name, want := range map[string]string{
		"From": `"Daily Papers" <papers@example.org>`, "To": `"Ada" <ada@example.org>`,
		"Subject": "Sign in", "Auto-Submitted": "auto-generated", "User-Agent": "",
	} {
		if got := h.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
	if id := h.Get("Message-Id"); !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID = %q, want one in the From domain", id)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if mt, _, _ := mime.ParseMediaType(h.Get("Content-Type")); mt != "text/plain" {
		t.Errorf("Content-Type = %q", h.Get("Content-Type"))
	}
	if link := mailtest.LinkIn(t, got, "https://papers.example.org/"); link != "https://papers.example.org/signin/abc" {
		t.Errorf("link = %q", link)
	}
}

func TestSendTextAndHTML(t *testing.T) {
	text := "Today's papers: https://papers.example.org/d/2026-11-27\n"
	html := `<p>Today's <a href="https://papers.example.org/d/2026-11-27">papers</a> — été</p>`
	msg, _ := sendOne(t, Message{To: "ada@example.org", Subject: "Digest", Text: text, HTML: html})
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v), want multipart/alternative", msg.Header.Get("Content-Type"), err)
	}
	type part struct{ Type, Charset, Body string }
	var got []part
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart() // decodes quoted-printable
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		pt, pp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		got = append(got, part{pt, strings.ToUpper(pp["charset"]), strings.ReplaceAll(string(body), "\r\n", "\n")})
	}
	want := []part{{"text/plain", "UTF-8", text}, {"text/html", "UTF-8", html}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}

func TestSendNonASCII(t *testing.T) {
	subject := "Résumé of today's papers: Schrödinger, 量子, and a rather long title that needs folding"
	header := "Équipe — papers"
	msg, _ := sendOne(t, Message{To: "Zoë Ünal <zoe@example.org>", Subject: subject, Text: "x",
		Headers: map[string]string{"X-Digest-Name": header}})
	var dec mime.WordDecoder
	for name, want := range map[string]string{"Subject": subject, "X-Digest-Name": header} {
		raw := msg.Header.Get(name)
		if strings.IndexFunc(raw, func(r rune) bool { return r > 127 }) >= 0 {
			t.Errorf("%s is not MIME-encoded: %q", name, raw)
		}
		got, err := dec.DecodeHeader(raw)
		if err != nil || got != want {
			t.Errorf("%s decodes to %q (%v), want %q", name, got, err, want)
		}
	}
	to, err := msg.Header.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != "Zoë Ünal" {
		t.Errorf("To = %v (%v)", to, err)
	}
}

func TestSendHeadersAndMessageID(t *testing.T) {
	msg, _ := sendOne(t, Message{To: "ada@example.org", Subject: "Digest", Text: "x", MessageID: "<digest-2026-W48.42@example.org>",
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://papers.example.org/u/tok>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}})
	for name, want := range map[string]string{
		"Message-Id":            "<digest-2026-W48.42@example.org>",
		"List-Unsubscribe":      "<https://papers.example.org/u/tok>",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
	} {
		if got := msg.Header.Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func TestInvalidMessagesAreRefused(t *testing.T) {
	ok := Message{To: "ada@example.org", Subject: "Hi", Text: "x"}
	tests := map[string]func(m *Message){
		"LF in to":             func(m *Message) { m.To = "ada@example.org\nBcc: eve@example.org" },
		"CR in to":             func(m *Message) { m.To = "ada@example.org\rBcc: eve@example.org" },
		"two addresses":        func(m *Message) { m.To = "ada@example.org, eve@example.org" },
		"not an address":       func(m *Message) { m.To = "ada" },
		"CRLF in subject":      func(m *Message) { m.Subject = "Hi\r\nBcc: eve@example.org" },
		"NUL in subject":       func(m *Message) { m.Subject = "Hi\x00" },
		"LF in header value":   func(m *Message) { m.Headers = map[string]string{"List-Id": "x\nBcc: eve@example.org"} },
		"CR in header name":    func(m *Message) { m.Headers = map[string]string{"X-A\rBcc": "eve@example.org"} },
		"colon in name":        func(m *Message) { m.Headers = map[string]string{"Bcc: eve@example.org\r\nX": "y"} },
		"reserved header":      func(m *Message) { m.Headers = map[string]string{"bcc": "eve@example.org"} },
		"replaces subject":     func(m *Message) { m.Headers = map[string]string{"Subject": "other"} },
		"bad message ID":       func(m *Message) { m.MessageID = "id\r\nBcc: eve@example.org" },
		"message ID without @": func(m *Message) { m.MessageID = "<abc>" },
		"no text":              func(m *Message) { m.Text = " \n" },
		"header given twice": func(m *Message) {
			m.Headers = map[string]string{"List-Id": "a <a.example.org>", "list-id": "b <b.example.org>"}
		},
		"header too long": func(m *Message) { m.Headers = map[string]string{"List-Id": strings.Repeat("x", 990)} },
		"DKIM-Signature":  func(m *Message) { m.Headers = map[string]string{"DKIM-Signature": "v=1; d=example.org"} },
		"Auto-Submitted":  func(m *Message) { m.Headers = map[string]string{"Auto-Submitted": "no"} },
	}
	srv := mailtest.NewServer(t)
	s := newSender(t, srv)
	sess, err := s.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	for name, change := range tests {
		m := ok
		change(&m)
		if err := s.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Send err = %v, want ErrInvalidMessage", name, err)
		}
		if err := sess.Send(context.Background(), m); !errors.Is(err, ErrInvalidMessage) {
			t.Errorf("%s: Session.Send err = %v, want ErrInvalidMessage", name, err)
		}
	}
	// The session is still good after refusing, and nothing else arrived.
	if err := sess.Send(context.Background(), ok); err != nil {
		t.Fatal(err)
	}
	if got := srv.Messages(); len(got) != 1 {
		t.Errorf("%d messages arrived, want only the valid one", len(got))
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d connections, want 1: invalid messages must not dial", n)
	}
}

func TestSessionReusesConnection(t *testing.T) {
	srv := mailtest.NewServer(t)
	sess, err := newSender(t, srv).Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, to := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		if err := sess.Send(context.Background(), Message{To: to, Subject: "Digest", Text: "x"}); err != nil {
			t.Fatalf("send to %s: %v", to, err)
		}
	}
	if err := sess.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if err := sess.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
	var to []string
	for _, r := range srv.WaitFor(t, 3, 5*time.Second) {
		to = append(to, r.To...)
	}
	if diff := cmp.Diff([]string{"a@example.org", "b@example.org", "c@example.org"}, to); diff != "" {
		t.Errorf("recipients (-want +got):\n%s", diff)
	}
	if n := srv.Connections(); n != 1 {
		t.Errorf("%d connections, want 1", n)
	}
	err = sess.Send(context.Background(), Message{To: "d@example.org", Text: "x"})
	if !errors.Is(err, ErrSessionClosed) {
		t.Errorf("Send after Close: err = %v, want ErrSessionClosed", err)
	}
}
