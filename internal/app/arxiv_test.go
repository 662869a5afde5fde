package app_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/dailypapers/dailypapers/internal/app"
	"github.com/dailypapers/dailypapers/internal/storetest"
)

var versionSuffix = regexp.MustCompile(`v\d+$`)

// arxivReplay serves recorded arXiv responses: the API for one paper and a
// three-page OAI-PMH harvest of set cs.
type arxivReplay struct {
	*httptest.Server
	mu       sync.Mutex
	requests []string
	failOn   string // a resumption token answered with a 500, to interrupt a harvest
}

func newArxivReplay(t *testing.T) *arxivReplay {
	t.Helper()
	files := map[string]string{
		"id_list=1707.08567":           "arxiv-api/arxivpy-golden-2026/id_1707.08567_s0_m100_6a1afebfc6a3.xml",
		"metadataPrefix=arXiv":         "oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page001-cursor0.xml",
		"resumptionToken=1122234":      "oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page002-resumed.xml",
		"resumptionToken=1122234|2001": "oai/arXiv-format/listrecords-arXiv-set-cs-2016-03-09-page103-last-empty-token.xml",
	}
	r := &arxivReplay{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		q := req.URL.Query()
		r.mu.Lock()
		r.requests = append(r.requests, req.URL.RawQuery)
		fail := r.failOn != "" && q.Get("resumptionToken") == r.failOn
		r.mu.Unlock()
		if fail {
			http.Error(w, "forbidden", http.StatusForbidden) // not retried, so the test does not wait
			return
		}
		var key string
		switch {
		case q.Get("id_list") != "":
			key = "id_list=" + versionSuffix.ReplaceAllString(q.Get("id_list"), "")
		case q.Get("resumptionToken") == "1122234|1001":
			key = "resumptionToken=1122234"
		case q.Get("resumptionToken") != "":
			key = "resumptionToken=" + q.Get("resumptionToken")
		case q.Get("metadataPrefix") == "arXiv" && q.Get("set") == "cs":
			key = "metadataPrefix=arXiv"
		}
		name, ok := files[key]
		if !ok {
			http.Error(w, "no recording for "+req.URL.RawQuery, http.StatusNotFound)
			return
		}
		body, err := os.ReadFile(filepath.Join(testdata, name))
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/xml")
		w.Write(body)
	}))
	t.Cleanup(r.Close)
	return r
}

func runArxiv(t *testing.T, dsn string, r *arxivReplay, args ...string) result {
	t.Helper()
	var out, errOut bytes.Buffer
	env := map[string]string{
		"DAILYPAPERS_DB": dsn, "DAILYPAPERS_LOG_LEVEL": "error",
		"DAILYPAPERS_ARXIV_API_URL": r.URL + "/api/query", "DAILYPAPERS_ARXIV_OAI_URL": r.URL + "/oai2",
		"DAILYPAPERS_ARXIV_INTERVAL": "1ms",
	}
	err := app.Run(context.Background(), args, app.Env{Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &errOut})
	return result{out.String(), errOut.String(), err}
}

func TestFetchCommand(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		r := newArxivReplay(t)
		res := runArxiv(t, dsn, r, "fetch", "https://arxiv.org/abs/1707.08567v1")
		if res.err != nil || !strings.Contains(res.stdout, "fetched 1 of 1 papers: 1 new") {
			t.Fatalf("fetch: %v\n%s%s", res.err, res.stdout, res.stderr)
		}
		if st := stats(t, dsn); st.Papers != 1 {
			t.Errorf("papers = %d", st.Papers)
		}
		res = runArxiv(t, dsn, r, "fetch", "not-an-id")
		if res.err == nil || !strings.Contains(res.err.Error(), "not-an-id") {
			t.Errorf("fetch of a bad id: %v", res.err)
		}
	})
}

func TestHarvestCommandResumes(t *testing.T) {
	storetest.ForEach(t, func(t *testing.T, dsn string) {
		r := newArxivReplay(t)
		r.failOn = "1122234|2001" // the third page fails
		res := runArxiv(t, dsn, r, "harvest", "--set", "cs", "--from", "2016-03-01")
		if res.err == nil {
			t.Fatalf("harvest with a failing page succeeded:\n%s", res.stdout)
		}
		if st := stats(t, dsn); st.Papers != 2000 {
			t.Errorf("after the interrupted harvest: %d papers, want the first two pages' 2000", st.Papers)
		}
		r.mu.Lock()
		r.failOn, r.requests = "", nil
		r.mu.Unlock()
		res = runArxiv(t, dsn, r, "harvest", "--set", "cs")
		if res.err != nil {
			t.Fatalf("resumed harvest: %v\n%s", res.err, res.stderr)
		}
		if len(r.requests) != 1 || !strings.Contains(r.requests[0], "resumptionToken=1122234%7C2001") {
			t.Errorf("the resumed harvest asked %q, want only the third page", r.requests)
		}
		if !strings.Contains(res.stdout, "538 records") || !strings.Contains(res.stdout, "next harvest from 2016-03-09") {
			t.Errorf("harvest output: %s", res.stdout)
		}
		if st := stats(t, dsn); st.Papers < 2500 {
			t.Errorf("after the harvest: %d papers", st.Papers)
		}
	})
}
