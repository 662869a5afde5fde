package usertext

import (
	"net/mail"
	"strings"
)

// MaxEmailLength is the longest address that can be used in SMTP (RFC 5321).
const MaxEmailLength = 254

// Email checks an address typed into a sign-in or subscription form and
// returns it with the domain in lower case; the part before the '@' is
// kept as typed, since mail servers may treat its case as meaningful.
//
// Only a bare address is accepted ("bob@example.com", not
// "Bob <bob@example.com>"): the address is put into mail headers, and a
// display name or a line break in it would let a user write headers of
// their own.
func Email(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return "", invalid("email address is empty")
	case strings.ContainsAny(raw, "\r\n"):
		return "", invalid("email address cannot contain line breaks")
	case len(raw) > MaxEmailLength:
		return "", invalid("email address is longer than 254 characters")
	}
	addr, err := mail.ParseAddress(raw)
	if err != nil || addr.Name != "" || addr.Address != raw {
		return "", invalid("enter just the email address, like name@example.com")
	}
	at := strings.LastIndexByte(raw, '@')
	local, domain := raw[:at], raw[at+1:]
	if !validHost(domain) {
		return "", invalid("email address must end in a domain name, like name@example.com")
	}
	return local + "@" + strings.ToLower(domain), nil
}
