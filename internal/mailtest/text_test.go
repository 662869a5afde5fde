package mailtest

import (
	"encoding/base64"
	"strings"
	"testing"
)

func TestLinkIn(t *testing.T) {
	const link = "https://papers.example.org/signin/abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
	tests := []struct {
		name, data string
	}{
		{"plain 8bit", "Subject: x\r\n\r\nSign in: " + link + ".\r\n"},
		{"quoted-printable soft breaks", "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n" +
			"Caf=C3=A9. Sign in:\r\n" + qpSplit(link) + "\r\n"},
		{"alternative, base64 text", "MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=B\r\n\r\n" +
			"--B\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
			// base64 of "Go: <link>\n", wrapped the way mailers wrap it.
			wrap(b64("Go: <"+link+">\n"), 76) + "\r\n" +
			"--B\r\nContent-Type: text/html\r\n\r\n<a href=\"https://other.example/\">x</a>\r\n--B--\r\n"},
		{"mixed holding alternative", "Content-Type: multipart/mixed; boundary=M\r\n\r\n" +
			"--M\r\nContent-Type: multipart/alternative; boundary=A\r\n\r\n" +
			"--A\r\nContent-Type: text/html\r\n\r\n<p>" + link + "x</p>\r\n" +
			"--A\r\nContent-Type: text/plain\r\n\r\n(" + link + ")\r\n--A--\r\n--M--\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Received{Data: []byte(tt.data)}
			if got := LinkIn(t, r, "https://papers.example.org/signin/"); got != link {
				t.Errorf("LinkIn = %q, want %q", got, link)
			}
		})
	}
}

func TestText(t *testing.T) {
	r := Received{Data: []byte("Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9 au lait\r\n")}
	if got := Text(t, r); got != "Café au lait\r\n" {
		t.Errorf("Text = %q", got)
	}
}

// qpSplit breaks s into quoted-printable lines joined by soft line breaks.
func qpSplit(s string) string {
	var b strings.Builder
	for len(s) > 40 {
		b.WriteString(s[:40] + "=\r\n")
		s = s[40:]
	}
	b.WriteString(s)
	return b.String()
}

func wrap(s string, n int) string {
	var b strings.Builder
	for len(s) > n {
		b.WriteString(s[:n] + "\r\n")
		s = s[n:]
	}
	b.WriteString(s)
	return b.String()
}

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
