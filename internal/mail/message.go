package mail

import (
	"crypto/rand"
	netmail "net/mail"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// build turns a validated Message into go-mail's form. go-mail encodes
// non-ASCII subjects, names and header values (RFC 2047) and the bodies
// (quoted-printable, UTF-8).
func build(from *netmail.Address, m Message) (*gomail.Msg, error) {
	to, err := m.validate()
	if err != nil {
		return nil, err
	}
	// No default User-Agent: it would advertise the library and its version.
	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	msg.ToMailAddress(to)
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageIDWithValue(messageID(m.MessageID, from))
	// RFC 3834: tells auto-responders (vacation replies) to stay quiet.
	msg.SetGenHeader("Auto-Submitted", "auto-generated")
	for name, value := range m.Headers {
		msg.SetGenHeader(gomail.Header(name), value)
	}
	msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	if m.HTML != "" {
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
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
