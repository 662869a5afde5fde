package usertext

import "testing"

// TestMailboxKey: the variants of one address that reach one mailbox share
// a key; different mailboxes do not.
func TestMailboxKey(t *testing.T) {
	same := [][]string{
		{"ada@example.org", "Ada@example.org", "ADA@EXAMPLE.ORG", "ada+1@example.org", "AdA+news@Example.Org"},
		{"a.da@gmail.com", "ada@gmail.com", "A.D.A+x@googlemail.com"},
		{"+tag@example.org"}, // nothing before the '+': kept whole
	}
	seen := map[string]int{}
	for group, addrs := range same {
		want := MailboxKey(addrs[0])
		for _, a := range addrs {
			if got := MailboxKey(a); got != want {
				t.Errorf("MailboxKey(%q) = %q, want %q like %q", a, got, want, addrs[0])
			}
		}
		if g, ok := seen[want]; ok {
			t.Errorf("groups %d and %d share the key %q", g, group, want)
		}
		seen[want] = group
	}
	if MailboxKey("a.da@example.org") == MailboxKey("ada@example.org") {
		t.Error("dots are folded outside Gmail")
	}
}
