package usertext

import "strings"

// MailboxKey is the mailbox an address delivers to, as far as rate limits
// can tell: letter case folded, a "+tag" dropped ("Ada+x@Example.org" and
// "ada@example.org" reach one person), and for Gmail the dots it ignores
// too. It is a key for counting, never an address to send to. email is an
// address Email accepted.
func MailboxKey(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 {
		return strings.ToLower(email)
	}
	local, domain := strings.ToLower(email[:at]), strings.ToLower(email[at+1:])
	if plus := strings.IndexByte(local, '+'); plus > 0 {
		local = local[:plus]
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}
