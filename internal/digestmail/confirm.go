package digestmail

import (
	"fmt"

	"github.com/dailypapers/dailypapers/internal/mail"
)

// Confirmation is the double opt-in mail: ConfirmURL opens a page with a
// button, and only pressing it subscribes the address (a GET changes
// nothing, since mail scanners follow links).
func Confirmation(siteName, baseURL, to, confirmURL string) (mail.Message, error) {
	v, err := newConfirmView(siteName, baseURL, to, confirmURL)
	if err != nil {
		return mail.Message{}, fmt.Errorf("compose confirmation for %q: %w", to, err)
	}
	text, html, err := renderMail(&v, "confirm", 1<<10, 8<<10)
	if err != nil {
		return mail.Message{}, fmt.Errorf("compose confirmation for %q: %w", to, err)
	}
	return mail.Message{To: to, Subject: v.Subject, Text: text, HTML: html}, nil
}

// confirmView is what the confirmation templates show.
type confirmView struct {
	siteView
	Subject    string
	Preheader  string
	Kicker     string
	Address    string
	ConfirmURL string
}

func newConfirmView(name, baseURL, to, confirmURL string) (confirmView, error) {
	var v confirmView
	var err error
	if v.siteView, err = newSiteView(name, baseURL); err != nil {
		return v, err
	}
	if v.Address, err = recipient(to); err != nil {
		return v, err
	}
	if v.ConfirmURL, err = siteURL("confirmation URL", confirmURL); err != nil {
		return v, err
	}
	v.Kicker = "Subscription"
	v.Subject = "Confirm your subscription to " + v.SiteName
	v.Preheader = "One click to start getting the " + v.SiteName + " digest. If you did not ask for it, ignore this mail."
	return v, nil
}
