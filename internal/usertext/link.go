package usertext

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// MaxLinkLength is the longest code repository or project page link
// accepted; real ones are far shorter, and the limit keeps pages tidy.
const MaxLinkLength = 500

// LinkURL checks a link a user gives for a paper's code repository or
// project page, and returns it normalized: scheme and host in lower case,
// internationalized host names in their ASCII (punycode) form, which also
// shows look-alike letters from other scripts for what they are.
// Only https links to a named host are accepted: these links are shown to
// every visitor of the paper, so they must not downgrade to http, run
// script, hide a user name before the host, or carry characters that could
// break out of an HTML attribute. An empty link is valid and returns "",
// which clears the link.
func LinkURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", nil
	}
	tooLong := invalid("link is longer than 500 characters")
	if utf8.RuneCountInString(raw) > MaxLinkLength {
		return "", tooLong
	}
	if !utf8.ValidString(raw) || strings.IndexFunc(raw, badLinkRune) >= 0 {
		return "", invalid("links cannot contain spaces, quotes, angle brackets or control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", invalid("link is not a valid URL")
	}
	if u.Scheme != "https" || u.Opaque != "" {
		return "", invalid("links must start with https://")
	}
	if u.User != nil {
		return "", invalid("links cannot contain a user name or password")
	}
	host, ok := asciiHost(u.Hostname())
	if !ok || !validHost(host) {
		return "", invalid("link must name a host, like https://github.com/…")
	}
	if port := u.Port(); port != "" {
		host += ":" + port
	}
	u.Host = host
	// Percent-encoding can make the normalized link longer than the typed one.
	if normalized := u.String(); len(normalized) <= MaxLinkLength {
		return normalized, nil
	}
	return "", tooLong
}

// asciiHost returns host in the ASCII form used to look it up, and whether
// that form is itself a valid name: a host percent-encoding bytes that are
// not UTF-8 ("0%80.example") converts, but to a name that does not convert
// again.
func asciiHost(host string) (string, bool) {
	ascii, err := idna.Lookup.ToASCII(host)
	if err != nil {
		return "", false
	}
	again, err := idna.Lookup.ToASCII(ascii)
	return ascii, err == nil && again == ascii
}

// badLinkRune reports runes that have no place in a link typed as text:
// whitespace, control and invisible formatting characters (which browsers
// drop or which reorder text, hiding what a link really is) and the
// characters that delimit HTML.
func badLinkRune(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) ||
		strings.ContainsRune("\"'<>`\\", r)
}

// validHost reports whether host is a domain name with at least two labels,
// each of letters, digits and hyphens (non-ASCII letters too, for
// internationalized names), not starting or ending with a hyphen. IP
// addresses are refused, as a link to one is rarely legitimate and never
// memorable.
func validHost(host string) bool {
	labels := strings.Split(host, ".")
	if len(labels) < 2 || !strings.ContainsFunc(labels[len(labels)-1], unicode.IsLetter) {
		// No top-level domain is all digits; a host ending in one is an IP.
		return false
	}
	for _, l := range labels {
		if l == "" || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, r := range l {
			if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return false
			}
		}
	}
	return true
}
