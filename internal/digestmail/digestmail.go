// Package digestmail writes the digest email of one subscriber, and the
// mail that confirms a subscription, from content the caller has already
// chosen. It knows nothing of databases or HTTP: the digest sender gives it
// papers and links, and hands the resulting mail.Message to a mail.Sender.
//
// Every value from papers is escaped in the HTML part (html/template) and
// made one line in the subject, so a title cannot add markup or a header.
package digestmail

import (
	"fmt"
	netmail "net/mail"
	"slices"
	"strings"

	"github.com/dailypapers/dailypapers/internal/mail"
)

// Item is one paper in a digest.
type Item struct {
	ID       string // arXiv id, e.g. "2411.01234"
	Title    string
	Authors  []string // in order; the mail shows the first three and "et al."
	Summary  string   // AI summary or abstract; the mail shows about two lines (~220 chars, cut at a word)
	Upvotes  int
	Comments int // all of them, HFComments included
	// HFComments are the comments counted on Hugging Face by an import,
	// which the paper's page links to but does not show.
	HFComments int    `json:"hfComments,omitempty"`
	CodeURL    string // may be ""
	ProjectURL string // may be ""
	// Reason says why a For you pick was picked ("like “Title”, which
	// you saved"); "" elsewhere.
	Reason string `json:"reason,omitempty"`
}

// Content is one subscriber's digest.
type Content struct {
	SiteName       string   // "Daily Papers"
	BaseURL        string   // "https://papers.example.org" (no trailing slash); every link is absolute
	Frequency      string   // "daily" or "weekly"
	Period         string   // "2026-11-27" or "2026-W48"
	PeriodLabel    string   // "Friday, 27 November 2026" or "Week 48, 2026 (23–29 November)"
	Top            []Item   // the period's top papers by upvotes
	Picks          []Item   // the subscriber's topic picks (not already in Top); may be empty
	Topics         []string // what the picks follow, e.g. ["cs.LG", "diffusion"]
	ForYou         []Item   // papers like those the reader saved and upvoted, each with its Reason; may be empty
	UnsubscribeURL string   // https://SITE/unsubscribe/TOKEN — one-click (RFC 8058)
	PreferencesURL string   // https://SITE/subscription/TOKEN
	To             string   // the subscriber's address
	MessageID      string   // stable per (run, subscriber), "digest-<run>-<subscriber>@<host>"
	ListID         string   // e.g. "Daily Papers digest <digest.papers.example.org>"
}

// Lengths, in columns, of the parts of a mail that are cut short.
const (
	subjectTitleLen = 60  // the first title in the subject
	summaryLen      = 220 // about two lines of the HTML part
	preheaderLen    = 140 // the inbox preview
	textLineLen     = 72  // columns of a line of the text part
)

// Compose composes one digest mail without keeping anything, for previews
// and one-offs; a sender of many uses a Composer.
func Compose(c Content) (mail.Message, error) { return NewComposer().Compose(c) }

// Compose writes the digest mail for one subscriber: subject, text and HTML
// parts, the stable Message-ID, and the one-click unsubscribe and List-Id
// headers. It refuses (ErrInvalidContent) content with nothing to send, an
// unsubscribe link that is not https, or a header value that is malformed.
func (cm *Composer) Compose(c Content) (mail.Message, error) {
	v, err := newDigestView(c, &cm.cache)
	if err != nil {
		return mail.Message{}, fmt.Errorf("compose digest for %q: %w", c.To, err)
	}
	textSize, htmlSize := v.size()
	text, html, err := renderMail(&v, "digest", textSize, htmlSize)
	if err != nil {
		return mail.Message{}, fmt.Errorf("compose digest for %q: %w", c.To, err)
	}
	return mail.Message{
		To:      c.To,
		Subject: v.Subject,
		Text:    text,
		HTML:    html,
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + v.UnsubscribeURL + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"List-Id":               v.ListID,
		},
		MessageID: c.MessageID,
	}, nil
}

// recipient checks the To address and returns its bare form, which the
// footer names.
func recipient(to string) (string, error) {
	if strings.ContainsAny(to, "\r\n\x00") {
		return "", invalid("to %q contains a line break", to)
	}
	addr, err := netmail.ParseAddress(to)
	if err != nil {
		return "", invalid("to %q: %v", to, err)
	}
	return addr.Address, nil
}

// withoutTop drops the picks that are also in top, so that no paper appears
// twice.
func withoutTop(picks, top []Item) []Item {
	return slices.DeleteFunc(slices.Clone(picks), func(p Item) bool {
		return slices.ContainsFunc(top, func(t Item) bool { return t.ID == p.ID })
	})
}
