package browsertest

import (
	"context"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/dailypapers/dailypapers/internal/importer"
	"github.com/dailypapers/dailypapers/internal/store"
	"github.com/dailypapers/dailypapers/internal/storetest"
	"github.com/dailypapers/dailypapers/internal/web"
)

// testNow is the site's clock: the afternoon of the latest sample day, so
// that its papers are the home page and trending.
var testNow = time.Date(2026, 8, 21, 15, 0, 0, 0, time.UTC)

// hfDays are real Hugging Face days in testdata: a Wednesday in May, the
// Wednesday of ISO week 2026-W23 and the latest day, a Friday.
var hfDays = []string{"2026-05-13", "2026-06-03", "2026-08-21"}

// mathFile is real arXiv metadata whose papers include 1412.6529, with TeX
// ($\delta$) in its abstract.
const (
	mathFile  = "../../testdata/arxiv-api/legacy-2016/query-au-del_maestro-10-of-31.xml"
	mathPaper = "1412.6529"
	mathTeX   = `$\delta$`
)

// site is the site under test, served over real data.
type site struct {
	url   string
	store *store.Store
	paper string // the id of the most upvoted paper of 2026-06-03
	word  string // a word of that paper's title, to search for
}

func newYork(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// newSite opens the store at dsn, imports the sample days and the arXiv
// file, and serves the site in-process.
func newSite(t *testing.T, dsn string) *site {
	t.Helper()
	ctx := context.Background()
	ny := newYork(t)
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	for _, day := range hfDays {
		storetest.ImportFile(t, st, storetest.HFDay(day), importer.Options{FeedDay: day, Location: ny})
	}
	storetest.ImportFile(t, st, mathFile, importer.Options{Location: ny})

	log := slog.New(slog.NewTextHandler(testLog{t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	w, err := web.New(st, log, web.Options{Location: ny, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(w.Handler())
	t.Cleanup(srv.Close)

	entries, err := st.DayEntries(ctx, "2026-06-03")
	if err != nil || len(entries) == 0 {
		t.Fatalf("papers of 2026-06-03: %d, %v", len(entries), err)
	}
	top := entries[0].Paper
	return &site{url: srv.URL, store: st, paper: top.ID, word: titleWord(top.Title)}
}

// titleWord is the longest word of letters in title, lower-cased: a word
// that certainly finds the paper.
func titleWord(title string) string {
	best := ""
	for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if len(w) > len(best) {
			best = w
		}
	}
	return strings.ToLower(best)
}

// testLog writes the site's warnings and errors into the test's log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}
