package mail

import (
	"crypto/rand"
	"maps"
	"mime"
	netmail "net/mail"
	"slices"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// build turns a validated Message, with its parsed recipient, into go-mail's
// form. go-mail encodes non-ASCII subjects and names (RFC 2047) and the
// bodies (quoted-printable, UTF-8). m.Headers are not in it: customHeaders
// writes them.
func build(from, to *netmail.Address, m Message) *gomail.Msg {
	// No default User-Agent: it would advertise the library and its version.
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(m.MessageID, from))
	// RFC 3834: tells auto-responders (vacation replies) to stay quiet.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg
}

// maxLine is the longest a header line should be: RFC 5322 says 78
// characters, RFC 2047 says 76 for a line with encoded words.
const maxLine = 76

// customHeaders formats m.Headers, in name order, each ending in CRLF.
// go-mail folds a long value onto a line of its own ("List-Unsubscribe:"
// with nothing after it), which some parsers misread; here an ASCII value
// is folded only at spaces after its first word, so a URL is never split
// and stays after its name. A non-ASCII value is RFC 2047 encoded and may
// start on the next line, as go-mail does with a Subject.
func customHeaders(headers map[string]string) string {
	var b strings.Builder
	for _, name := range slices.Sorted(maps.Keys(headers)) {
		if value := headers[name]; isASCII(value) {
			b.WriteString(fold(name, value, false))
		} else {
			b.WriteString(fold(name, mime.QEncoding.Encode("UTF-8", value), true))
		}
	}
	return b.String()
}

// fold writes a header line, breaking it before a word that would take it
// past maxLine; before the value's first word only when beforeFirst is set.
func fold(name, value string, beforeFirst bool) string {
	var b strings.Builder
	b.WriteString(name + ":")
	n := len(name) + 1
	for i, word := range strings.Split(value, " ") {
		if (i > 0 || beforeFirst) && word != "" && n+1+len(word) > maxLine {
			b.WriteString("\r\n")
			n = 0
		}
		b.WriteString(" " + word)
		n += 1 + len(word)
	}
	b.WriteString("\r\n")
	return b.String()
}

func isASCII(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return (r < ' ' && r != '\t') || r > '~' }) < 0
}

// messageID is the caller's ID without angle brackets (go-mail adds them),
// or a random one in the From domain rather than this host's name, which
// says nothing useful and may not be a public name at all.
func messageID(id string, from *netmail.Address) string {
	if id != "" {
		return strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	}
	domain := from.Address[strings.LastIndex(from.Address, "@")+1:]
	return rand.Text() + "@" + domain
}
