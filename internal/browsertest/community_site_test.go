package browsertest

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dailypapers/dailypapers/internal/arxiv"
	"github.com/dailypapers/dailypapers/internal/community"
	"github.com/dailypapers/dailypapers/internal/digest"
	"github.com/dailypapers/dailypapers/internal/mail"
	"github.com/dailypapers/dailypapers/internal/mailtest"
	"github.com/dailypapers/dailypapers/internal/outbox"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// communityNow is the community site's clock: a week after the first
// version of arXiv:2104.12255, so that the recorded paper passes the
// submission rule of 14 days.
var communityNow = time.Date(2021, 4, 27, 14, 0, 0, 0, time.UTC)

// recordedArxiv holds the arXiv API's recorded answers: one for
// 2104.12255, and an empty feed answered for any other id.
const (
	recordedArxiv  = "../../testdata/arxiv-api/arxivpy-golden-2026"
	recordedPaper  = "id_2104.12255v1_s0_m100_6ae69987ffe1.xml"
	recordedNoHits = "id_0000.0000_s0_m100_8b51d9633a68.xml"
)

// communitySite is the whole site with its community, over real parts: a
// store on SQLite, an in-process SMTP server that receives the sign-in
// and the digest's mail, and an arXiv API replaying recorded answers. The
// store starts empty.
type communitySite struct {
	url   string
	smtp  *mailtest.Server
	store *store.Store
	arxiv *arxivGate
}

// arxivGate stalls the recorded arXiv API while closed: requests wait for
// it to open (or for the client to give up), as when arXiv hangs.
type arxivGate struct {
	mu     sync.Mutex
	closed chan struct{} // nil: open
}

func (g *arxivGate) close() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closed = make(chan struct{})
}

func (g *arxivGate) open() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed != nil {
		close(g.closed)
		g.closed = nil
	}
}

// wait returns once the gate is open or the request ended.
func (g *arxivGate) wait(r *http.Request) bool {
	g.mu.Lock()
	closed := g.closed
	g.mu.Unlock()
	if closed == nil {
		return true
	}
	select {
	case <-closed:
		return true
	case <-r.Context().Done():
		return false
	}
}

func newCommunitySite(t *testing.T) *communitySite {
	t.Helper()
	now := func() time.Time { return communityNow }
	st, err := store.Open(context.Background(), storetest.DSN(t, "sqlite"), store.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })

	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	smtp := mailtest.NewServer(t)
	sender, err := mail.New(mail.Config{URL: smtp.URL(), From: "Daily Papers <papers@example.org>"}, log)
	if err != nil {
		t.Fatal(err)
	}
	gate := &arxivGate{}
	arxivAPI := httptest.NewServer(replayArxiv(t, gate))
	t.Cleanup(gate.open)
	t.Cleanup(arxivAPI.Close)
	client := arxiv.New(arxiv.Config{APIURL: arxivAPI.URL + "/api/query", MinInterval: time.Millisecond, Logger: log})

	// The links in mail need the site's address before the site is built:
	// an unstarted server listens already.
	srv := httptest.NewUnstartedServer(nil)
	t.Cleanup(srv.Close)
	url := "http://" + srv.Listener.Addr().String()
	ny := newYork(t)
	comm := community.New(st, sender, community.ArxivFetcher{Client: client, Store: st, Log: log}, community.Options{
		BaseURL: url, Location: ny, Now: now, Log: log, // the reference site's rules and limits
	})
	dig := digest.New(st, sender, digest.Options{BaseURL: url, Location: ny, Now: now, Log: log})
	w, err := web.New(st, log, web.Options{BaseURL: url, Location: ny, Now: now, Community: comm, Digest: dig})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = w.Handler()
	srv.Start()
	// The outbox worker runs beside the site, as serve runs it; cleanups
	// run last first, so it stops before the store closes.
	mails := outbox.New(st, sender, map[string]outbox.Composer{store.MailSignIn: comm.SignInMail, store.MailConfirm: dig.ConfirmationMail},
		outbox.Options{Now: now, Log: log, Poll: 10 * time.Millisecond})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); mails.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	return &communitySite{url: url, smtp: smtp, store: st, arxiv: gate}
}

// replayArxiv answers the arXiv API with the recorded answers, when the
// gate lets it.
func replayArxiv(t *testing.T, gate *arxivGate) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if !gate.wait(r) {
			return
		}
		name := recordedNoHits
		if strings.Contains(r.URL.Query().Get("id_list"), "2104.12255") {
			name = recordedPaper
		}
		body, err := os.ReadFile(filepath.Join(recordedArxiv, name))
		if err != nil {
			t.Error(err)
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/atom+xml")
		w.Write(body)
	}
}

// mailedLink waits for the n-th mail the site sends (from 1) and returns
// the sign-in link in it.
func (cs *communitySite) mailedLink(t *testing.T, n int) string {
	t.Helper()
	msgs := cs.smtp.WaitFor(t, n, 10*time.Second)
	return mailtest.LinkIn(t, msgs[n-1], cs.url+"/signin/confirm?token=")
}
