package digestmail

import (
	"errors"
	"strings"
	"testing"

	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// TestComposeMessage pins everything but the two bodies, which the golden
// files hold.
func TestComposeMessage(t *testing.T) {
	tests := []struct {
		name string
		want mail.Message
	}{
		{"daily", mail.Message{
			To:      "Ada Lovelace <ada@example.org>",
			Subject: "Daily Papers — Friday, 21 August: EnvHarness: Awakening Static Worlds for Agent Learning",
			Headers: map[string]string{
				"List-Unsubscribe":      "<https://papers.example.org/unsubscribe/u7Hq2PZ0dN4kXw>",
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
				"List-Id":               "Daily Papers digest <digest.papers.example.org>",
			},
			MessageID: "digest-41-1077@papers.example.org",
		}},
		{"weekly", mail.Message{
			To:      "Ada Lovelace <ada@example.org>",
			Subject: "Daily Papers — Week 40: Self-Forcing++: Towards Minute-Scale High-Quality Video…",
			Headers: map[string]string{
				"List-Unsubscribe":      "<https://papers.example.org/unsubscribe/Zk3vR9mQe1LsYb>",
				"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
				"List-Id":               "Daily Papers digest <digest.papers.example.org>",
			},
			MessageID: "digest-17-1077@papers.example.org",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Compose(loadContent(t, tt.name))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tt.want, got, cmpopts.IgnoreFields(mail.Message{}, "Text", "HTML")); diff != "" {
				t.Errorf("message (-want +got):\n%s", diff)
			}
		})
	}
}

func TestComposeRefuses(t *testing.T) {
	tests := map[string]func(c *Content){
		"http unsubscribe":                      func(c *Content) { c.UnsubscribeURL = "http://papers.example.org/unsubscribe/t" },
		"http unsubscribe, 127.0.0.1 lookalike": func(c *Content) { c.UnsubscribeURL = "http://127.0.0.1.example.org/unsubscribe/t" },
		"mailto unsubscribe":                    func(c *Content) { c.UnsubscribeURL = "mailto:unsubscribe@example.org" },
		"relative unsubscribe":                  func(c *Content) { c.UnsubscribeURL = "/unsubscribe/t" },
		"javascript unsubscribe":                func(c *Content) { c.UnsubscribeURL = "javascript:alert(1)" },
		"no unsubscribe":                        func(c *Content) { c.UnsubscribeURL = "" },
		"CRLF in unsubscribe":                   func(c *Content) { c.UnsubscribeURL = "https://papers.example.org/u/t\r\nBcc: victim@example.org" },
		"angle bracket in unsubscribe":          func(c *Content) { c.UnsubscribeURL = "https://papers.example.org/u/t>, <https://evil.example" },
		"space in unsubscribe":                  func(c *Content) { c.UnsubscribeURL = "https://papers.example.org/u/a b" },
		"user in unsubscribe":                   func(c *Content) { c.UnsubscribeURL = "https://papers.example.org@evil.example/u/t" },
		"http preferences":                      func(c *Content) { c.PreferencesURL = "http://papers.example.org/subscription/t" },
		"http base URL":                         func(c *Content) { c.BaseURL = "http://papers.example.org" },
		"no papers":                             func(c *Content) { c.Top, c.Picks = nil, nil },
		"empty lists":                           func(c *Content) { c.Top, c.Picks = []Item{}, []Item{} },
		"paper without ID":                      func(c *Content) { c.Top[2].ID = " \n" },
		"monthly":                               func(c *Content) { c.Frequency = "monthly" },
		"week for a daily":                      func(c *Content) { c.Period = "2026-W34" },
		"bad day":                               func(c *Content) { c.Period = "2026-02-30" },
		"no site name":                          func(c *Content) { c.SiteName = "\r\n" },
		"bad address":                           func(c *Content) { c.To = "ada" },
		"two addresses":                         func(c *Content) { c.To = "ada@example.org, eve@example.org" },
		"CRLF in address":                       func(c *Content) { c.To = "ada@example.org\r\nBcc: victim@example.org" },
		"no message ID":                         func(c *Content) { c.MessageID = "" },
		"bad message ID":                        func(c *Content) { c.MessageID = "digest 41@example.org" },
		"no list ID":                            func(c *Content) { c.ListID = "" },
		"list ID without brackets":              func(c *Content) { c.ListID = "Daily Papers digest" },
		"list ID with a bad label":              func(c *Content) { c.ListID = "Daily <digest papers>" },
	}
	for name, change := range tests {
		c := loadContent(t, "daily")
		change(&c)
		_, err := Compose(c)
		if !errors.Is(err, ErrInvalidContent) {
			t.Errorf("%s: err = %v, want ErrInvalidContent", name, err)
		}
	}
}

func TestComposeAllowsHTTPOnLoopback(t *testing.T) {
	for _, base := range []string{"http://localhost:8080", "http://127.0.0.1:8080", "http://[::1]:8080", "https://localhost"} {
		c := loadContent(t, "daily")
		c.BaseURL = base + "/"
		c.UnsubscribeURL = base + "/unsubscribe/t"
		c.PreferencesURL = base + "/subscription/t"
		m, err := Compose(c)
		if err != nil {
			t.Errorf("%s: %v", base, err)
			continue
		}
		if got := m.Headers["List-Unsubscribe"]; got != "<"+base+"/unsubscribe/t>" {
			t.Errorf("%s: List-Unsubscribe = %q", base, got)
		}
		// The trailing slash of the base URL does not double.
		if !strings.Contains(m.Text, base+"/papers/2608.19880\n") {
			t.Errorf("%s: no paper link in the text:\n%s", base, m.Text)
		}
	}
}

func TestComposePicksOnly(t *testing.T) {
	c := loadContent(t, "daily")
	c.Top, c.Topics = nil, nil
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	if want := "Daily Papers — Friday, 21 August: FlashPrefill V2: Block-Sparse Prefill Attention for…"; m.Subject != want {
		t.Errorf("Subject = %q, want %q", m.Subject, want)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if strings.Contains(part, "top papers") || strings.Contains(part, "Top papers") || strings.Contains(part, "More papers") {
			t.Errorf("a digest without top papers mentions them:\n%s", part)
		}
		if !strings.Contains(part, "Papers of the day on the topics you follow.") {
			t.Errorf("no lead for the picks:\n%s", part)
		}
	}
}

func TestComposeTopOnly(t *testing.T) {
	c := loadContent(t, "weekly")
	c.Picks = nil
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if strings.Contains(strings.ToLower(part), "your topics") {
			t.Errorf("a digest without picks has a topics section")
		}
	}
}

func TestComposeItems(t *testing.T) {
	c := loadContent(t, "daily")
	c.Top = []Item{
		{ID: "hep-th/9901001", Title: "Old style", Authors: []string{"A"}, Upvotes: 1204, Comments: 1,
			CodeURL: "javascript:alert(1)", ProjectURL: " https://example.org/p "},
		{ID: "2411.01234", Title: "", CodeURL: "//evil.example/x", ProjectURL: "ftp://example.org"},
	}
	// A pick that is also a top paper appears once.
	c.Picks = []Item{{ID: "2411.01234", Title: "dup"}, {ID: "2411.05678", Title: "Pick"}}
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"https://papers.example.org/papers/hep-th/9901001\n",
		"https://arxiv.org/abs/hep-th/9901001\n",
		"▲ 1,204 upvotes · 1 comment\n",
		"Project: https://example.org/p\n",
		" 2. arXiv:2411.01234\n",
		" 1. Pick\n",
	} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, m.Text)
		}
	}
	for _, unwanted := range []string{"javascript:", "evil.example", "ftp:", "dup", "Code:"} {
		if strings.Contains(m.Text, unwanted) || strings.Contains(m.HTML, unwanted) {
			t.Errorf("mail contains %q", unwanted)
		}
	}
}

// TestComposeCuts checks what the mail shows of a long paper: the first
// three authors and about two lines of the summary, cut at a word.
func TestComposeCuts(t *testing.T) {
	c := loadContent(t, "weekly")
	m, err := Compose(c)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Justin Cui, Jie Wu, Ming Li et\u00a0al.",
		// The abstract is cut after "particularly", before "for".
		"costs, particularly…",
	} {
		if !strings.Contains(m.HTML, want) || !strings.Contains(strings.Join(strings.Fields(m.Text), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("parts lack %q", want)
		}
	}
	if strings.Contains(m.HTML, "particularly for") || strings.Contains(m.HTML, "Hao Chen") {
		t.Error("summary or author list not cut")
	}
}

func TestConfirmation(t *testing.T) {
	m, err := Confirmation("Daily Papers", "https://papers.example.org", "ada@example.org", "https://papers.example.org/subscribe/confirm/tok")
	if err != nil {
		t.Fatal(err)
	}
	want := mail.Message{To: "ada@example.org", Subject: "Confirm your subscription to Daily Papers"}
	if diff := cmp.Diff(want, m, cmpopts.IgnoreFields(mail.Message{}, "Text", "HTML")); diff != "" {
		t.Errorf("message (-want +got):\n%s", diff)
	}
	for _, part := range []string{m.Text, m.HTML} {
		if !strings.Contains(part, "https://papers.example.org/subscribe/confirm/tok") {
			t.Errorf("no confirmation link in:\n%s", part)
		}
	}
	for name, args := range map[string][4]string{
		"http link":       {"Daily Papers", "https://papers.example.org", "ada@example.org", "http://papers.example.org/c/tok"},
		"CRLF in address": {"Daily Papers", "https://papers.example.org", "ada@example.org\r\nBcc: x@example.org", "https://papers.example.org/c/tok"},
		"no site name":    {"", "https://papers.example.org", "ada@example.org", "https://papers.example.org/c/tok"},
		"no base URL":     {"Daily Papers", "", "ada@example.org", "https://papers.example.org/c/tok"},
	} {
		if _, err := Confirmation(args[0], args[1], args[2], args[3]); !errors.Is(err, ErrInvalidContent) {
			t.Errorf("%s: err = %v, want ErrInvalidContent", name, err)
		}
	}
}
