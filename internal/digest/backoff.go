package digest

import (
	"errors"
	"strings"
	"sync"
	"time"

	"github.com/dailypapers/dailypapers/internal/mail"
)

// domainBackoff is how long a receiving domain is left alone after it says
// we send too much (421, or a 4.7.x status).
const domainBackoff = 5 * time.Minute

// domains remembers the receiving domains that asked us to slow down.
type domains struct {
	mu    sync.Mutex
	until map[string]time.Time
}

// blockedUntil is when mail may go to the address's domain again; zero
// when it may now.
func (d *domains) blockedUntil(email string, now time.Time) time.Time {
	d.mu.Lock()
	defer d.mu.Unlock()
	if t := d.until[domainOf(email)]; t.After(now) {
		return t
	}
	return time.Time{}
}

// note records a send's error; a throttling answer blocks the domain.
func (d *domains) note(email string, err error, now time.Time) {
	var se *mail.SendError
	if !errors.As(err, &se) || !(se.Code == 421 || strings.HasPrefix(se.Enhanced, "4.7.")) {
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.until == nil {
		d.until = make(map[string]time.Time)
	}
	d.until[domainOf(email)] = now.Add(domainBackoff)
}

func domainOf(email string) string {
	_, domain, _ := strings.Cut(email, "@")
	return strings.ToLower(domain)
}
