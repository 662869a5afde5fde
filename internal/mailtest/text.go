package mailtest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"testing"
	"unicode"
)

var errNoText = errors.New("no text/plain part")

// Text returns the decoded text/plain body of r (the first such part of a
// multipart message), failing the test if there is none.
func Text(t testing.TB, r Received) string {
	t.Helper()
	msg, err := mail.ReadMessage(bytes.NewReader(r.Data))
	if err != nil {
		t.Fatalf("mailtest: parse message: %v", err)
	}
	text, err := plainText(textproto.MIMEHeader(msg.Header), msg.Body)
	if err != nil {
		t.Fatalf("mailtest: text of message: %v", err)
	}
	return text
}

// LinkIn returns the first URL in r's text/plain body that starts with
// prefix, such as the sign-in link of a sign-in mail; it fails the test if
// there is none.
func LinkIn(t testing.TB, r Received, prefix string) string {
	t.Helper()
	text := Text(t, r)
	i := strings.Index(text, prefix)
	if i < 0 {
		t.Fatalf("mailtest: no link starting with %q in:\n%s", prefix, text)
	}
	link := text[i:]
	if end := strings.IndexFunc(link, endsLink); end >= 0 {
		link = link[:end]
	}
	// A sentence may end right after a link.
	return strings.TrimRight(link, ".,;:!?")
}

func endsLink(r rune) bool {
	return unicode.IsSpace(r) || strings.ContainsRune(`<>"'()`, r)
}

// plainText finds the first text/plain part under a part with header h,
// descending into multipart parts, and decodes its transfer encoding.
func plainText(h textproto.MIMEHeader, body io.Reader) (string, error) {
	mediaType, params := "text/plain", map[string]string(nil)
	if ct := h.Get("Content-Type"); ct != "" {
		var err error
		if mediaType, params, err = mime.ParseMediaType(ct); err != nil {
			return "", fmt.Errorf("content type %q: %w", ct, err)
		}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		return firstPlainText(multipart.NewReader(body, params["boundary"]))
	}
	if mediaType != "text/plain" {
		return "", errNoText
	}
	b, err := io.ReadAll(decode(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return "", fmt.Errorf("decode text part: %w", err)
	}
	return string(b), nil
}

func firstPlainText(mr *multipart.Reader) (string, error) {
	for {
		// A raw part keeps its transfer encoding, so every part is decoded
		// by the same code whether or not it is nested.
		p, err := mr.NextRawPart()
		if err == io.EOF {
			return "", errNoText
		}
		if err != nil {
			return "", fmt.Errorf("next part: %w", err)
		}
		text, err := plainText(p.Header, p)
		if !errors.Is(err, errNoText) {
			return text, err
		}
	}
}

func decode(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, r)
	}
	return r
}
