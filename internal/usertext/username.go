package usertext

import (
	"fmt"
	"strings"
)

// Username length limits: long enough for real names, short enough to fit
// beside a comment.
const (
	MinUsernameLength = 2
	MaxUsernameLength = 32
)

// reservedUsernames are names that would look like the site speaking, or
// that collide with the site's own paths (/u/{name} sits beside /papers,
// /settings and the rest). Compared case-insensitively.
var reservedUsernames = map[string]bool{
	"about": true, "account": true, "admin": true, "administrator": true,
	"api": true, "auth": true, "blog": true, "comments": true,
	"contact": true, "daily": true, "dailypapers": true, "digest": true,
	"feed": true, "feeds": true, "help": true, "home": true, "login": true,
	"logout": true, "mail": true, "moderation": true, "moderator": true,
	"me": true, "new": true, "nobody": true, "noreply": true, "null": true,
	"owner": true, "paper": true, "papers": true, "postmaster": true,
	"privacy": true, "root": true, "rss": true, "search": true,
	"security": true, "settings": true, "signin": true, "signout": true,
	"signup": true, "staff": true, "static": true, "submit": true,
	"subscribe": true, "support": true, "system": true, "terms": true,
	"u": true, "undefined": true, "unsubscribe": true, "user": true,
	"users": true, "webmaster": true, "www": true,
}

// Username checks a new username and returns it as typed, less surrounding
// spaces. Names may use ASCII letters, digits, '-' and '_', and must start
// with a letter or digit, so they read the same everywhere and need no
// escaping in a URL. Uniqueness, which ignores case, is the caller's to check.
func Username(name string) (string, error) {
	name = strings.TrimSpace(name)
	if err := usernameForm(name, MinUsernameLength, MaxUsernameLength); err != nil {
		return "", err
	}
	if reservedUsernames[strings.ToLower(name)] {
		return "", invalid(fmt.Sprintf("username %q is reserved", name))
	}
	return name, nil
}

// MaxImportedUsernameLength bounds the username of an imported user:
// Hugging Face allows longer ones than this site.
const MaxImportedUsernameLength = 64

// ImportedUsername checks the username of a user an import names (a
// Hugging Face submitter) by the rules of Username: the same characters,
// so that no look-alike, control or line-breaking character reaches a page,
// a link or the API. Only the length differs, and the reserved names, which
// are this site's paths while an imported user's page is on Hugging Face.
// Unlike Username it does not trim: a name with spaces around is not one.
func ImportedUsername(name string) (string, error) {
	if err := usernameForm(name, 1, MaxImportedUsernameLength); err != nil {
		return "", err
	}
	return name, nil
}

// usernameForm checks a username's characters and length.
func usernameForm(name string, minLen, maxLen int) error {
	for i := 0; i < len(name); i++ {
		if c := name[i]; !isASCIIAlnum(c) && c != '-' && c != '_' {
			return invalid("username may contain only letters, digits, '-' and '_'")
		}
	}
	// All ASCII now, so bytes are characters.
	if n := len(name); n < minLen || n > maxLen {
		return invalid(fmt.Sprintf("username must be %d to %d characters long", minLen, maxLen))
	}
	if !isASCIIAlnum(name[0]) {
		return invalid("username must start with a letter or digit")
	}
	return nil
}

func isASCIIAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
