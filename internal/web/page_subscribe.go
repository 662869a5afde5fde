package web

import (
	"net/http"
	"strings"

	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/site"
	"github.com/dailypapers/dailypapers/internal/store"
)

// subscribePage is /subscribe and the pages of a subscription's links:
// confirming, preferences and unsubscribing.
type subscribePage struct {
	basePage
	Step       string // "form", "sent", "confirm", "confirmed", "prefs", "saved", "unsubscribe", "unsubscribed"
	Email      string
	Frequency  string
	Categories string
	Keywords   string
	Token      string
	Error      string
	Subscriber *store.Subscriber
}

func (s *Server) subscribeBase(r *http.Request, title, step string) subscribePage {
	p := subscribePage{basePage: s.base(r, title+" — Daily Papers"), Step: step, Frequency: digest.Daily}
	p.NoIndex, p.NoSubscribeBox = true, true
	if v := viewerOf(r); v != nil && v.Account != nil {
		p.Email = v.Account.Email
	}
	return p
}

// subscribeForm is /subscribe: the address, the frequency and the topics.
// Unlike the pages of a subscription's links it is for search engines too.
func (s *Server) subscribeForm(w http.ResponseWriter, r *http.Request) error {
	p := s.subscribeBase(r, "Get the papers by email", "form")
	p.NoIndex = false
	p.Description = subscribeDescription
	if e := r.URL.Query().Get("email"); e != "" {
		p.Email = e
	}
	return s.render(w, "subscribe.html", &p)
}

// subscribeDescription is /subscribe's meta description.
const subscribeDescription = "Get the day's or the week's top research papers by email, " +
	"filtered by arXiv category or keyword if you like. Free, and one click to unsubscribe."

// subscribe takes the form (the one on every page, or /subscribe's) and
// has the confirmation link mailed (from the outbox, after the answer). The answer is the same for an address that
// is new, pending or already subscribed.
func (s *Server) subscribe(w http.ResponseWriter, r *http.Request) error {
	p := s.subscribeBase(r, "Check your inbox", "sent")
	p.Email, p.Frequency = r.PostFormValue("email"), r.PostFormValue("frequency")
	p.Categories, p.Keywords = r.PostFormValue("categories"), r.PostFormValue("keywords")
	req := digest.Request{Email: p.Email, Frequency: p.Frequency, Categories: digest.SplitList(p.Categories),
		Keywords: digest.SplitList(p.Keywords), IP: site.ClientIP(r)}
	if v := viewerOf(r); v != nil && v.Account != nil && strings.EqualFold(v.Account.Email, p.Email) {
		req.UserID = v.Account.ID
	}
	if err := s.digest.Subscribe(r.Context(), req); err != nil {
		msg, ok := publicMessage(err)
		if !ok {
			return err
		}
		site.SetRetryAfter(w.Header(), err)
		p.Title, p.Step, p.Error = "Get the papers by email — Daily Papers", "form", msg
		if p.Frequency == "" {
			p.Frequency = digest.Daily
		}
		return s.renderStatus(w, site.Status(err), "subscribe.html", &p)
	}
	return s.render(w, "subscribe.html", &p)
}

// confirmSubscription is the page the confirmation link opens: a button,
// because mail scanners open links.
func (s *Server) confirmSubscription(w http.ResponseWriter, r *http.Request) error {
	p := s.subscribeBase(r, "Confirm your subscription", "confirm")
	p.Token = r.URL.Query().Get("token")
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, "subscribe.html", &p)
}

// finishSubscription activates the subscription, recording the consent.
func (s *Server) finishSubscription(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.digest.Confirm(r.Context(), r.PostFormValue("token"), site.ClientIP(r))
	if err != nil {
		return err
	}
	p := s.subscribeBase(r, "You are subscribed", "confirmed")
	p.Subscriber, p.Token = &sub, sub.Token
	return s.render(w, "subscribe.html", &p)
}

// preferences is /subscription/{token}: frequency and topics, reachable
// from every digest without signing in.
func (s *Server) preferences(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.digest.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	p := s.prefsPage(r, sub, "prefs")
	w.Header().Set("Referrer-Policy", "no-referrer")
	if r.Method == http.MethodPost {
		cats, kws := r.PostFormValue("categories"), r.PostFormValue("keywords")
		p.Frequency, p.Categories, p.Keywords = r.PostFormValue("frequency"), cats, kws
		if err := s.digest.Update(r.Context(), sub, p.Frequency, digest.SplitList(cats), digest.SplitList(kws)); err != nil {
			msg, ok := publicMessage(err)
			if !ok {
				return err
			}
			p.Error = msg
			return s.renderStatus(w, site.Status(err), "subscribe.html", &p)
		}
		// Back to the page by GET, so a reload does not post again.
		http.Redirect(w, r, "/subscription/"+sub.Token+"?saved=1", http.StatusSeeOther)
		return nil
	}
	if r.URL.Query().Get("saved") != "" {
		p.Step = "saved"
	}
	return s.render(w, "subscribe.html", &p)
}

func (s *Server) prefsPage(r *http.Request, sub store.Subscriber, step string) subscribePage {
	p := s.subscribeBase(r, "Your digest", step)
	p.Subscriber, p.Token, p.Email = &sub, sub.Token, sub.Email
	p.Frequency = sub.Frequency
	p.Categories, p.Keywords = strings.Join(sub.Categories, ", "), strings.Join(sub.Keywords, ", ")
	return p
}

// unsubscribePage is GET /unsubscribe/{token}: a button, never a change
// (mail scanners follow links).
func (s *Server) unsubscribePage(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.digest.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	step := "unsubscribe"
	if sub.Status == store.SubUnsubscribed {
		step = "unsubscribed"
	}
	p := s.prefsPage(r, sub, step)
	w.Header().Set("Referrer-Policy", "no-referrer")
	return s.render(w, "subscribe.html", &p)
}

// unsubscribe is POST /unsubscribe/{token}, the RFC 8058 one-click
// endpoint mail clients call: 200 with no redirect, no cookie or form
// token needed, and the same answer however often it is called.
func (s *Server) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	sub, err := s.digest.ByToken(r.Context(), r.PathValue("token"))
	if err != nil {
		return err
	}
	via := "one-click"
	if r.PostFormValue("from") == "page" {
		via = "page"
	}
	if err := s.digest.Unsubscribe(r.Context(), sub, via); err != nil {
		return err
	}
	if via == "page" {
		// The page's own button: back by GET, so a reload does not post.
		http.Redirect(w, r, "/unsubscribe/"+sub.Token, http.StatusSeeOther)
		return nil
	}
	p := s.prefsPage(r, sub, "unsubscribed")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the URL
	return s.render(w, "subscribe.html", &p)
}
