package digestmail

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"maps"
	"mime"
	"mime/multipart"
	netmail "net/mail"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/google/go-cmp/cmp"
	"golang.org/x/net/html/atom"
)

const testFrom = "Daily Papers <papers@example.org>"

// hostileContent is the daily digest with every field a paper or a
// subscriber's choices can fill made an attack: markup, script, attribute
// breaking, header injection, bidirectional overrides.
func hostileContent(t *testing.T) Content {
	c := loadContent(t, "daily")
	c.SiteName = "Daily Papers\r\nBcc: victim@example.org"
	c.PeriodLabel = "<i>Friday</i>\r\nX-Injected: yes"
	c.ListID = "Daily Papers\r\nBcc: victim@example.org <digest.papers.example.org>"
	c.Topics = []string{"<b>cs.LG</b>", "diffusion\r\nX-Injected: yes"}
	c.Top[0].Title = "<script>alert(1)</script>\r\nBcc: victim@example.org"
	c.Top[0].Authors = []string{`"><img src=x onerror=alert(1)>`, "B\r\nX-Evil: 1", "C", "D"}
	c.Top[0].Summary = `</p><script>alert(1)</script><a href="javascript:alert(1)">x</a> {{.Secret}}`
	c.Top[1].Title = `"><img src=x onerror=alert(1)>`
	c.Top[1].CodeURL = `https://github.com/x/y"><script>alert(1)</script>`
	c.Top[1].ProjectURL = "javascript:alert(1)"
	c.Top[2].Title = "Title\nSubject: spoof\r\n\r\n<html>body"
	c.Top[3].ID = `2608.19799"><script>alert(1)</script>`
	c.Picks[0].Title = "\u202Egnp.exe\u202C ok\x00"
	return c
}

func TestHostileContentIsEscaped(t *testing.T) {
	c := hostileContent(t)
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Daily Papers Bcc: victim@example.org — Friday, 21 August: <script>alert(1)</script> Bcc: victim@example.org"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	for name, value := range map[string]string{"Subject": m.Subject, "To": m.To, "Message-ID": m.MessageID} {
		if strings.IndexFunc(value, unicode.IsControl) >= 0 {
			t.Errorf("%s %q holds a control character", name, value)
		}
	}
	for name, value := range m.Headers {
		if strings.IndexFunc(value, unicode.IsControl) >= 0 {
			t.Errorf("header %s %q holds a control character", name, value)
		}
	}

	lower := strings.ToLower(m.HTML)
	for _, bad := range []string{"<script", "<img", `href="javascript`, "<i>friday", "<b>cs", "\u202e"} {
		if strings.Contains(lower, bad) {
			t.Errorf("HTML part contains %q", bad)
		}
	}
	doc := parseHTML(t, m.HTML)
	for _, problem := range mailHTMLProblems(doc) {
		t.Error(problem)
	}
	// The attacks are shown as the text they are.
	wantTitles := []string{
		"<script>alert(1)</script> Bcc: victim@example.org",
		`"><img src=x onerror=alert(1)>`,
		"Title Subject: spoof <html>body",
	}
	if got := headings(doc, atom.H3)[:3]; !slices.Equal(got, wantTitles) {
		t.Errorf("titles = %q, want %q", got, wantTitles)
	}
	body := text(doc)
	for _, want := range []string{
		`"><img src=x onerror=alert(1)>, B X-Evil: 1, C et` + "\u00a0al.",
		`</p><script>alert(1)</script><a href="javascript:alert(1)">x</a> {{.Secret}}`,
		"<i>Friday</i> X-Injected: yes",
		"gnp.exe ok",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("HTML text lacks %q", want)
		}
	}
	// An id that is not one stays inside the path of its links.
	if !strings.Contains(m.HTML, `href="https://arxiv.org/abs/2608.19799%22%3E%3Cscript%3Ealert%281%29%3C/script%3E"`) {
		t.Error("hostile id not escaped in the arXiv link")
	}
	if strings.ContainsAny(m.Text, "\r\x00\u202e") {
		t.Errorf("text part holds CR, NUL or a bidi override:\n%q", m.Text)
	}
}

// TestSentMessages sends each mail through a real SMTP exchange and reads
// it back with a MIME parser, as a mail client would.
func TestSentMessages(t *testing.T) {
	nonASCII := loadContent(t, "weekly")
	nonASCII.Top[0].Title = "Schrödinger's 量子 model"
	nonASCII.Top[0].Authors = []string{"Zoë Ünal", "Jürgen Schmidhuber"}
	contents := map[string]Content{
		"daily":     loadContent(t, "daily"),
		"weekly":    loadContent(t, "weekly"),
		"hostile":   hostileContent(t),
		"non-ASCII": nonASCII,
	}
	srv := mailtest.NewServer(t)
	sender, err := mail.New(mail.Config{URL: srv.URL(), From: testFrom}, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	names := slices.Sorted(maps.Keys(contents))
	sent := make([]mail.Message, len(names))
	for i, name := range names {
		if sent[i], err = Compose(contents[name]); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := sender.Send(context.Background(), sent[i]); err != nil {
			t.Fatalf("%s: send: %v", name, err)
		}
	}
	got := srv.WaitFor(t, len(names), 10*time.Second)
	for i, name := range names {
		t.Run(name, func(t *testing.T) {
			m, r := sent[i], got[i]
			if !slices.Equal(r.To, []string{"ada@example.org"}) {
				t.Errorf("envelope recipients = %q, want only ada@example.org", r.To)
			}
			msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
			if err != nil {
				t.Fatalf("parse: %v\n%s", err, r.Data)
			}
			checkHeaders(t, msg.Header, m)
			checkParts(t, msg, m)
		})
	}
	if decoded := subjectOf(t, got[slices.Index(names, "non-ASCII")]); !strings.Contains(decoded, "Schrödinger's 量子 model") {
		t.Errorf("non-ASCII subject decodes to %q", decoded)
	}
}

// checkHeaders wants exactly the headers a digest has, once each.
func checkHeaders(t *testing.T, h netmail.Header, m mail.Message) {
	t.Helper()
	want := []string{"Auto-Submitted", "Content-Type", "Date", "From", "List-Id", "List-Unsubscribe",
		"List-Unsubscribe-Post", "Message-Id", "Mime-Version", "Subject", "To"}
	if diff := cmp.Diff(want, slices.Sorted(maps.Keys(h))); diff != "" {
		t.Errorf("header names (-want +got):\n%s", diff)
	}
	for name, values := range h {
		if len(values) != 1 {
			t.Errorf("%d %s headers", len(values), name)
		}
	}
	var dec mime.WordDecoder
	for name, want := range map[string]string{
		"List-Unsubscribe":      "<" + strings.TrimSuffix(strings.TrimPrefix(m.Headers["List-Unsubscribe"], "<"), ">") + ">",
		"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		"Message-Id":            "<" + m.MessageID + ">",
		"Subject":               m.Subject,
		"List-Id":               m.Headers["List-Id"],
	} {
		raw := h.Get(name)
		if strings.IndexFunc(raw, func(r rune) bool { return r > '~' }) >= 0 {
			t.Errorf("%s is not ASCII: %q", name, raw)
		}
		got, err := dec.DecodeHeader(raw)
		if err != nil || got != want {
			t.Errorf("%s = %q (%v), want %q", name, got, err, want)
		}
	}
	// Exactly these bytes (RFC 8058), not merely an equal decoding.
	if raw := h.Get("List-Unsubscribe-Post"); raw != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post = %q", raw)
	}
}

// checkParts wants a multipart/alternative of the text and the HTML, both
// UTF-8, arriving as composed.
func checkParts(t *testing.T, msg *netmail.Message, m mail.Message) {
	t.Helper()
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type = %q (%v)", msg.Header.Get("Content-Type"), err)
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
		got = append(got, part{pt, strings.ToLower(pp["charset"]), strings.ReplaceAll(string(body), "\r\n", "\n")})
	}
	want := []part{{"text/plain", "utf-8", m.Text}, {"text/html", "utf-8", m.HTML}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}

func subjectOf(t *testing.T, r mailtest.Received) string {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatal(err)
	}
	var dec mime.WordDecoder
	s, err := dec.DecodeHeader(msg.Header.Get("Subject"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}
